"""The dashboards keep no data of their own beyond a snapshot of the staff home's figures, computed at
most every few minutes so that the home page does not count rows on each load."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """The figures of one scope (the whole library, or a set of branches) as of ``computed_at``."""

    scope = models.CharField(_("scope"), max_length=200, unique=True)
    figures = models.JSONField(_("figures kept"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        default_permissions = ()
        permissions = [
            ("view_dashboard", _("Can view the statistics dashboard")),
            ("view_live_board", _("Can show the live board in the lobby")),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.computed_at:%Y-%m-%d %H:%M}"
