from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item, Record
from shuyuan.serials.patterns import Frequency, Numbering, Pattern, parse_combined, parse_numbers


class Supplier(models.Model):
    """Where subscriptions are placed: the post office (邮局) or a subscription agency."""

    class Kind(models.TextChoices):
        POST_OFFICE = "post_office", _("post office")
        AGENCY = "agency", _("agency")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.POST_OFFICE)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class SupplierContact(models.Model):
    """One more person to reach at a supplier: the post office's subscription desk, an agency's clerk."""

    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="contacts", verbose_name=_("supplier"))
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=50, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("supplier contact")
        verbose_name_plural = _("supplier contacts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.name}"


class Subscription(models.Model):
    """One title subscribed for one year in one reading room (订阅), with its publication pattern."""

    title = models.CharField(_("title"), max_length=200)
    issn = models.CharField(_("ISSN"), max_length=9, blank=True, db_index=True)
    cn = models.CharField(_("CN number"), max_length=20, blank=True, db_index=True)
    postal_code = models.CharField(_("postal distribution code"), max_length=10, blank=True)
    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="subscriptions", verbose_name=_("supplier"))
    price = models.DecimalField(_("price for the year"), max_digits=10, decimal_places=2)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="+", verbose_name=_("branch"))
    service_point = models.ForeignKey(ServicePoint, models.PROTECT, related_name="+", verbose_name=_("reading room"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    numbering = models.CharField(_("numbering"), max_length=20, choices=Numbering.choices)
    first_issue_on = models.DateField(_("first issue of the year"))
    first_whole_number = models.PositiveIntegerField(_("cumulative number of the first issue"), null=True, blank=True)
    volume = models.PositiveIntegerField(_("volume"), null=True, blank=True)
    skipped_months = models.CharField(_("months without issues"), max_length=40, blank=True)
    skipped_weekdays = models.CharField(_("weekdays without issues"), max_length=20, blank=True)
    combined = models.CharField(_("combined issues"), max_length=60, blank=True)
    irregular_dates = models.TextField(_("publication dates (irregular)"), blank=True)
    late_after_days = models.PositiveSmallIntegerField(_("late after (days)"), default=10)
    issues_on_display = models.PositiveSmallIntegerField(_("issues kept on display"), default=1)
    record = models.ForeignKey(
        Record, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("catalogue record")
    )
    renewed_from = models.OneToOneField(
        "self", models.SET_NULL, null=True, blank=True, related_name="renewal", verbose_name=_("renewal of")
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["year", "postal_code", "title"]
        permissions = [("renew_subscriptions", _("Can renew a year's subscriptions"))]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def pattern(self) -> Pattern:
        from datetime import date

        dates = tuple(date.fromisoformat(line.strip()) for line in self.irregular_dates.split() if line.strip())
        return Pattern(
            frequency=self.frequency,
            first_issue_on=self.first_issue_on,
            numbering=self.numbering,
            first_whole_number=self.first_whole_number,
            volume=self.volume,
            skipped_months=parse_numbers(self.skipped_months),
            skipped_weekdays=parse_numbers(self.skipped_weekdays),
            combined=parse_combined(self.combined),
            irregular_dates=dates,
        )


class BoundVolume(models.Model):
    """A year's issues (or part of them) bound into one volume (合订本), catalogued as an item."""

    subscription = models.ForeignKey(
        Subscription, models.PROTECT, related_name="bound_volumes", verbose_name=_("subscription")
    )
    label = models.CharField(_("volume"), max_length=100)
    item = models.ForeignKey(Item, models.PROTECT, related_name="+", verbose_name=_("item"))
    bound_at = models.DateTimeField(_("bound at"))
    bound_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bound by")
    )

    class Meta:
        verbose_name = _("bound volume")
        verbose_name_plural = _("bound volumes")

    def __str__(self) -> str:
        return f"{self.subscription.title} {self.label}"


class Claim(models.Model):
    """One claim letter to one supplier for issues that did not arrive (缺期催询); an issue claimed
    again appears in each letter that asked for it."""

    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="claims", verbose_name=_("supplier"))
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    issues: "models.ManyToManyField[Issue, Any]" = models.ManyToManyField(
        "Issue", related_name="claims", verbose_name=_("issues")
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.supplier} {self.created_at:%Y-%m-%d}"


class Issue(models.Model):
    """One expected issue (期刊期次) of a subscription: predicted, then received, shown, stored or bound."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("expected")
        LATE = "late", _("late")
        CLAIMED = "claimed", _("claimed")
        RECEIVED = "received", _("received")

    class Place(models.TextChoices):
        NONE = "", _("not here")
        DISPLAY = "display", _("on display in the reading room")
        STORAGE = "storage", _("in storage")
        BOUND = "bound", _("bound")

    subscription = models.ForeignKey(
        Subscription, models.CASCADE, related_name="issues", verbose_name=_("subscription")
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    label = models.CharField(_("issue"), max_length=60)
    first_number = models.PositiveIntegerField(_("number in the year"))
    last_number = models.PositiveIntegerField(_("last number in the year"))
    first_whole_number = models.PositiveIntegerField(_("cumulative number"), null=True, blank=True)
    expected_on = models.DateField(_("expected on"), db_index=True)
    late_on = models.DateField(_("late from"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.EXPECTED)
    place = models.CharField(_("where"), max_length=10, choices=Place.choices, blank=True, default=Place.NONE)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    claim_count = models.PositiveSmallIntegerField(_("claims sent"), default=0)
    bound_volume = models.ForeignKey(
        BoundVolume, models.SET_NULL, null=True, blank=True, related_name="issues", verbose_name=_("bound volume")
    )

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["subscription", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "sequence"], name="serials_issue_sequence_unique"),
            models.CheckConstraint(
                condition=Q(status="received") | Q(place=""), name="serials_issue_placed_only_when_received"
            ),
        ]
        indexes = [models.Index(fields=["status", "late_on"], name="serials_issue_due")]

    def __str__(self) -> str:
        return f"{self.subscription.title} {self.label}"


class IssueEvent(models.Model):
    """What happened to an issue, one row per act (statistics and the issue's history read these)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("received")
        LATE = "late", _("marked late")
        CLAIMED = "claimed", _("claimed")
        DISPLAYED = "displayed", _("put on display")
        STORED = "stored", _("moved to storage")
        BOUND = "bound", _("bound")

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="events", verbose_name=_("issue"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
    by_label = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("issue event")
        verbose_name_plural = _("issue events")
        indexes = [models.Index(fields=["kind", "at"], name="serials_event_kind_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
