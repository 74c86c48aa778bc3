from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Library(models.Model):
    """The library system a deployment serves: a county or city central library and its branches."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20, unique=True)
    isil = models.CharField(_("ISIL"), max_length=30, blank=True)
    region_code = models.CharField(_("region code"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def __str__(self) -> str:
        return self.name


class Branch(models.Model):
    class Kind(models.TextChoices):
        CENTRAL = "central", _("central library")
        BRANCH = "branch", _("branch")

    library = models.ForeignKey(Library, models.PROTECT, related_name="branches", verbose_name=_("library"))
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BRANCH)
    address = models.CharField(_("address"), max_length=200, blank=True)
    partner_name = models.CharField(_("hosting partner"), max_length=100, blank=True)
    partner_agreement = models.TextField(_("partner agreement"), blank=True)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), default=0)
    seats = models.PositiveIntegerField(_("reading seats"), default=0)
    shelves = models.PositiveIntegerField(_("shelves"), default=0)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_weekdays = models.CharField(
        _("weekly closing days"),
        max_length=7,
        blank=True,
        help_text=_("Weekday numbers the branch is closed, Monday = 0, e.g. '0' for Mondays."),
    )
    opens_on_public_holidays = models.BooleanField(_("opens on public holidays"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["library"], condition=Q(kind="central"), name="one_central_library_per_system"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner_hosted(self) -> bool:
        return bool(self.partner_name)


class ServicePoint(models.Model):
    class Kind(models.TextChoices):
        LENDING_DESK = "lending_desk", _("lending desk")
        GENERAL_READING_ROOM = "reading_room", _("general reading room")
        CHILDRENS_ROOM = "childrens_room", _("children's reading room")
        E_READING_ROOM = "e_reading_room", _("e-reading room")
        LOCAL_DOCUMENTS_ROOM = "local_documents_room", _("local documents room")
        MULTIMEDIA_ROOM = "multimedia_room", _("multimedia room")
        KIOSK = "kiosk", _("self-service kiosk")
        DEPOSIT_STATION = "deposit_station", _("deposit station")
        EVENT_VENUE = "event_venue", _("event venue")

    branch = models.ForeignKey(Branch, models.PROTECT, related_name="service_points", verbose_name=_("branch"))
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["branch__code", "code"]

    def __str__(self) -> str:
        return f"{self.branch.name} · {self.name}"


class OpeningHours(models.Model):
    """One opening period of a service point on one weekday; several rows allow a lunch break."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    service_point = models.ForeignKey(
        ServicePoint, models.CASCADE, related_name="opening_hours", verbose_name=_("service point")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["service_point", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="opening_hours_order"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class PublicHoliday(models.Model):
    """One day of the State Council's yearly schedule: a holiday, or a make-up working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        WORKDAY = "workday", _("make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("public holiday schedule day")
        verbose_name_plural = _("public holiday schedule")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} ({self.get_kind_display()})"


class Closure(models.Model):
    """Days a branch is closed outside its weekly pattern: planned (inventory) or unplanned (flood)."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("planned closure")
        UNPLANNED = "unplanned", _("unplanned closure")

    branch = models.ForeignKey(Branch, models.CASCADE, related_name="closures", verbose_name=_("branch"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PLANNED)
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="closure_day_order")
        ]

    def __str__(self) -> str:
        return f"{self.branch.name} {self.first_day}–{self.last_day} {self.reason}"


class StaffProfile(models.Model):
    """Which branches a staff member works in; they act only there unless granted all branches."""

    user = models.OneToOneField("auth.User", models.CASCADE, related_name="staff_profile", verbose_name=_("user"))
    branches = models.ManyToManyField(Branch, blank=True, related_name="staff", verbose_name=_("branches"))
    all_branches = models.BooleanField(_("acts in all branches"), default=False)
    default_service_point = models.ForeignKey(
        ServicePoint, models.SET_NULL, null=True, blank=True, verbose_name=_("default service point")
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return str(self.user)
