from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch


class ManualFigure(models.Model):
    """A figure entered by hand, with where it comes from: last years' figures from before the system
    (a measure's name), and the return's figures the system cannot know (area, seats, spending …)."""

    name = models.CharField(_("figure"), max_length=40)
    first = models.DateField(_("from"))
    last = models.DateField(_("to"))
    branch = models.ForeignKey(
        Branch, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("branch")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_at = models.DateTimeField(_("entered at"))
    by_label = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("hand-entered figure")
        verbose_name_plural = _("hand-entered figures")
        ordering = ["-first", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "first", "last", "branch"],
                name="one_manual_figure_per_period_and_branch",
                condition=Q(branch__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["name", "first", "last"],
                name="one_library_manual_figure_per_period",
                condition=Q(branch__isnull=True),
            ),
            models.CheckConstraint(condition=Q(last__gte=models.F("first")), name="manual_figure_period_order"),
        ]
        permissions = [
            ("view_statistics", _("Can see the statistics")),
            ("enter_figures", _("Can enter and import figures by hand")),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.first}–{self.last}: {self.value}"


class DailyCount(models.Model):
    """A roll-up cell: one measure's count on one local day at one branch and service point, in total
    (``dimension`` empty) or for one key of one dimension. Rebuilt whole per day, never edited."""

    day = models.DateField(_("day"))
    measure = models.CharField(_("figure"), max_length=40)
    branch_id = models.IntegerField(_("branch"))
    service_point_id = models.IntegerField(_("service point"), default=0)  # 0: none
    dimension = models.CharField(_("dimension"), max_length=20, blank=True)
    key = models.CharField(_("key"), max_length=40, blank=True)
    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        indexes = [models.Index(fields=["measure", "dimension", "day"], name="daily_counts_by_measure")]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.dimension}={self.key}: {self.value}"


class RollupState(models.Model):
    """Where the roll-up stopped: every day up to ``built_through`` is built, and each source table's rows
    up to its ``seen`` id were there when those days were built (later ids on built days mark them dirty),
    but for the ids in ``holes``: ranges [first, last, found at] below ``seen`` that had no row when a run
    took its mark (PostgreSQL: rolled back, or a transaction still running that may commit later); a row
    that appears in a hole marks its day dirty like a new one."""

    built_through = models.DateField(_("built through"), null=True, blank=True)
    seen = models.JSONField(_("last row ids seen"), default=dict)
    holes = models.JSONField(_("ids missing below those seen"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up state")
        verbose_name_plural = _("roll-up states")

    def __str__(self) -> str:
        return f"{self.built_through}"
