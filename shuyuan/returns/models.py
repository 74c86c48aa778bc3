"""The return keeps no rows of its own (its figures are the statistics' and the hand-entered ones):
this model only carries the permission to see and export it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticalReturn(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_return", _("Can see and export the statistical return and the assessment indicators"))]
        verbose_name = _("statistical return")
        verbose_name_plural = _("statistical returns")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
