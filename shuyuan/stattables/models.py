"""Tables staff build themselves (自定义统计表), their schedules and what each schedule sent.

A saved table keeps only names from the allow-lists of ``shuyuan.stats.figures`` (a measure, up to
two breakdowns, filters and a period), never SQL or a query: it is checked again each time it runs,
with the scope of the person who runs it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedTable(models.Model):
    name = models.CharField(_("table name"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_tables", verbose_name=_("owner")
    )
    is_shared = models.BooleanField(_("shared with colleagues"), default=False)
    measure = models.CharField(_("figure counted"), max_length=40)
    dimensions = models.JSONField(_("breakdowns"), default=list, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    period = models.CharField(_("period"), max_length=20)
    first = models.DateField(_("first day"), null=True, blank=True)
    last = models.DateField(_("last day"), null=True, blank=True)
    branch_code = models.CharField(_("branch"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("saved table")
        verbose_name_plural = _("saved tables")
        ordering = ["name", "pk"]
        permissions = [("export_table", _("Can export statistical tables"))]

    def __str__(self) -> str:
        return self.name


class Schedule(models.Model):
    """A saved table e-mailed every day, month or year, for the period just ended."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("every day (yesterday)")
        MONTHLY = "monthly", _("every month (last month)")
        YEARLY = "yearly", _("every year (last year)")

    table = models.ForeignKey(SavedTable, models.CASCADE, related_name="schedules", verbose_name=_("table"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    recipients = models.TextField(_("recipients"), help_text=_("One e-mail address per line."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.CharField(_("created by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        ordering = ["table", "frequency", "pk"]

    def __str__(self) -> str:
        return f"{self.table} · {self.get_frequency_display()}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class ScheduleRun(models.Model):
    """One sending of a schedule for one period: the command sends each period once, however often it runs."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    schedule = models.ForeignKey(Schedule, models.CASCADE, related_name="runs", verbose_name=_("schedule"))
    first = models.DateField(_("first day"))
    last = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    ran_at = models.DateTimeField(_("ran at"))
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-ran_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "first", "last"], name="stattables_one_run_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.first}–{self.last} {self.status}"
