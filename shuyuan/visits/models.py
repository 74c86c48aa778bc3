"""Visits (人次) per service point and day, the e-reading room's computers and sessions, and the
usage of electronic resources.

Counts are append-only rows: a correction is a new row that ``replaces`` the one it corrects (a
one-to-one link, so a row is corrected once and history is a chain); the current figure is the sum
of the rows nothing replaces."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import ServicePoint
from shuyuan.devices.models import Device


class CounterModel(models.Model):
    """A make of people counter and how its CSV export is read: which column holds what."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    gate_column = models.CharField(_("gate column"), max_length=60)
    start_column = models.CharField(_("interval start column"), max_length=60)
    end_column = models.CharField(_("interval end column"), max_length=60, blank=True)
    count_column = models.CharField(_("count column"), max_length=60)
    interval_minutes = models.PositiveIntegerField(
        _("interval (minutes)"), default=15, help_text=_("Used when the file has no end column.")
    )
    datetime_format = models.CharField(_("date and time format"), max_length=40, default="%Y-%m-%d %H:%M")

    class Meta:
        verbose_name = _("people counter model")
        verbose_name_plural = _("people counter models")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CounterImport(models.Model):
    """One people-counter CSV file imported: its name, checksum and the span it covers."""

    counter_model = models.ForeignKey(CounterModel, models.PROTECT, related_name="imports", verbose_name=_("model"))
    service_point = models.ForeignKey(ServicePoint, models.PROTECT, related_name="+", verbose_name=_("service point"))
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("checksum"), max_length=64)
    first_at = models.DateTimeField(_("first interval"))
    last_at = models.DateTimeField(_("last interval"))
    lines = models.PositiveIntegerField(_("lines"))
    added = models.PositiveIntegerField(_("counts added"))
    corrected = models.PositiveIntegerField(_("counts corrected"))
    imported_at = models.DateTimeField(_("imported at"))
    by_label = models.CharField(_("by"), max_length=150)

    class Meta:
        verbose_name = _("people counter import")
        verbose_name_plural = _("people counter imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class VisitCount(models.Model):
    class Source(models.TextChoices):
        DESK = "desk", _("desk tally")
        COUNTER_FILE = "counter_file", _("people counter file")
        COUNTER_DEVICE = "counter_device", _("people counter")

    # No index of its own: (service point, day) and (service point, gate, interval start, revision)
    # both begin with it.
    service_point = models.ForeignKey(
        ServicePoint, models.PROTECT, related_name="visit_counts", verbose_name=_("service point"), db_index=False
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # A counter's count covers one gate and one interval; a desk tally has neither.
    gate = models.CharField(_("gate"), max_length=60, blank=True)
    interval_start = models.DateTimeField(_("interval start"), null=True, blank=True)
    interval_end = models.DateTimeField(_("interval end"), null=True, blank=True)
    # A counter file's gate-day in one row (bench/visits: a year of 20 gates at 15 minutes is 7 320
    # rows instead of 702 720): ``count`` is the day's sum, ``interval_start``/``interval_end`` span
    # its intervals, and here each interval as "offset/length/count" in minutes from the span's start
    # (``rules.pack_intervals``). Empty for a single interval or a desk tally.
    intervals = models.TextField(_("intervals"), blank=True, default="")
    revision = models.PositiveIntegerField(_("revision"), default=1)
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("corrects")
    )
    device = models.ForeignKey(Device, models.PROTECT, null=True, blank=True, related_name="+")
    counter_import = models.ForeignKey(CounterImport, models.PROTECT, null=True, blank=True, related_name="counts")
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_at = models.DateTimeField(_("entered at"))
    by_label = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("visit count")
        verbose_name_plural = _("visit counts")
        indexes = [models.Index(fields=["service_point", "day"], name="visit_counts_by_day")]
        constraints = [
            # One revision of one gate's interval: two posts racing for the same interval cannot
            # both become its first count.
            models.UniqueConstraint(
                fields=["service_point", "gate", "interval_start", "revision"],
                condition=Q(interval_start__isnull=False),
                name="one_count_per_gate_interval_revision",
            ),
            models.CheckConstraint(
                condition=Q(interval_end__isnull=True) | Q(interval_end__gt=models.F("interval_start")),
                name="visit_count_interval_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id} {self.day} {self.count}"


class Computer(models.Model):
    """A PC of the e-reading room."""

    service_point = models.ForeignKey(
        ServicePoint, models.PROTECT, related_name="computers", verbose_name=_("service point")
    )
    name = models.CharField(_("name"), max_length=60)
    is_enabled = models.BooleanField(_("in service"), default=True)

    class Meta:
        verbose_name = _("computer")
        verbose_name_plural = _("computers")
        ordering = ["service_point", "name"]
        constraints = [models.UniqueConstraint(fields=["service_point", "name"], name="one_computer_name_per_room")]

    def __str__(self) -> str:
        return self.name


class ComputerSession(models.Model):
    """A reader at a PC of the e-reading room, known by the statistics token only (as circulation's
    events are): no link to the person, so an erasure leaves an anonymous session behind."""

    class Source(models.TextChoices):
        CLIENT = "client", _("PC client")
        STAFF = "staff", _("staff")

    class EndReason(models.TextChoices):
        LOGGED_OUT = "logged_out", _("ended by the reader")
        CLOSING_TIME = "closing_time", _("closed at closing time")
        TIME_LIMIT = "time_limit", _("daily time limit reached")

    computer = models.ForeignKey(Computer, models.PROTECT, related_name="sessions", verbose_name=_("computer"))
    service_point = models.ForeignKey(ServicePoint, models.PROTECT, related_name="+", verbose_name=_("room"))
    reader_token = models.CharField(_("reader token"), max_length=32)
    is_minor = models.BooleanField(_("minor"), default=False)
    day = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    must_end_at = models.DateTimeField(_("must end at"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    client_ref = models.CharField(_("client reference"), max_length=60, blank=True)
    device = models.ForeignKey(Device, models.PROTECT, null=True, blank=True, related_name="+")
    by_label = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("computer session")
        verbose_name_plural = _("computer sessions")
        indexes = [
            models.Index(fields=["service_point", "day"], name="sessions_by_room_day"),
            models.Index(fields=["reader_token", "day"], name="sessions_by_reader_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["computer"], condition=Q(ended_at__isnull=True), name="one_open_session_per_computer"
            ),
            models.UniqueConstraint(
                fields=["reader_token"], condition=Q(ended_at__isnull=True), name="one_open_session_per_reader"
            ),
            models.UniqueConstraint(
                fields=["device", "client_ref"], condition=~Q(client_ref=""), name="one_session_per_client_ref"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.computer} {self.started_at:%Y-%m-%d %H:%M}"


class EResourcePlatform(models.Model):
    """A platform of electronic resources (超星, 博看 …) and how its reports name the metrics."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    column_mapping = models.JSONField(
        _("column mapping"),
        default=dict,
        blank=True,
        help_text=_("The platform's column names mapped to COUNTER 5 metric names."),
    )

    class Meta:
        verbose_name = _("e-resource platform")
        verbose_name_plural = _("e-resource platforms")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class EResourceImport(models.Model):
    platform = models.ForeignKey(EResourcePlatform, models.PROTECT, related_name="imports", verbose_name=_("platform"))
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("checksum"), max_length=64)
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )
    imported_at = models.DateTimeField(_("imported at"))
    by_label = models.CharField(_("by"), max_length=150)

    class Meta:
        verbose_name = _("e-resource usage import")
        verbose_name_plural = _("e-resource usage imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.platform} {self.first_month:%Y-%m}–{self.last_month:%Y-%m}"


class EResourceUsage(models.Model):
    source = models.ForeignKey(EResourceImport, models.CASCADE, related_name="usage", verbose_name=_("import"))
    platform = models.ForeignKey(EResourcePlatform, models.PROTECT, related_name="+", verbose_name=_("platform"))
    month = models.DateField(_("month"))
    metric = models.CharField(_("metric"), max_length=40)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("e-resource usage")
        verbose_name_plural = _("e-resource usage")
        constraints = [
            models.UniqueConstraint(fields=["source", "month", "metric"], name="one_usage_per_import_month_metric")
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} {self.month:%Y-%m} {self.metric} {self.count}"
