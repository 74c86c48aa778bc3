"""A period's work report as the library keeps it: its narratives (written on the staff page, reused
as the next year's draft) and the Word template the library edits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch


class Section(models.TextChoices):
    """The narrative sections of the seed report, in its order."""

    PREFACE = "preface", _("preface")
    STUDY = "study", _("study and political education")
    FREE_OPENING = "free_opening", _("free opening")
    SERVICES = "services", _("services (closing words)")
    PROMOTION = "promotion", _("reading promotion (introduction)")
    PLAN = "plan", _("plan for the next period")
    CLOSING = "closing", _("closing")


class Report(models.Model):
    """The report of one period, for the whole library or one branch."""

    first = models.DateField(_("first day"))
    last = models.DateField(_("last day"))
    branch = models.ForeignKey(
        Branch, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("branch")
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.CharField(_("updated by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        constraints = [
            models.UniqueConstraint(fields=["first", "last", "branch"], name="workreport_one_report_per_period"),
            models.UniqueConstraint(
                fields=["first", "last"],
                condition=models.Q(branch__isnull=True),
                name="workreport_one_library_report_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} – {self.last}"


class Narrative(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="narratives", verbose_name=_("work report"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="workreport_one_narrative")]

    def __str__(self) -> str:
        return self.section


class Template(models.Model):
    """A Word template the library uploaded; the newest one is used. A template whose tags do not
    parse is refused before it is saved, so the last good one stays in use."""

    name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name
