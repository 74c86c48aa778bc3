"""The desk's own rows: each scan a browser sent, under the client id the browser gave it, with the
answer the desk gave. A scan sent again (a double submission, a retry after a lost answer, a page
reloaded with its queue) finds its row and gets the same answer; it never acts twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import ServicePoint
from shuyuan.patrons.models import Patron


class DeskScan(models.Model):
    class Mode(models.TextChoices):
        LEND = "lend", _("lending")
        RETURN = "return", _("returns")
        BOOK_DROP = "book_drop", _("book drop")
        IN_HOUSE = "in_house", _("in-house use")
        RENEW = "renew", _("renewal")

    client_id = models.CharField(_("client id"), max_length=64, unique=True)
    session = models.CharField(_("desk session"), max_length=64, db_index=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff"))
    service_point = models.ForeignKey(ServicePoint, models.PROTECT, related_name="+", verbose_name=_("service point"))
    # The reader served, for the receipt; erasing the reader leaves the scan without them.
    patron = models.ForeignKey(
        Patron, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reader")
    )
    created_at = models.DateTimeField(_("created at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ok = models.BooleanField(_("done"), default=False)
    answer = models.JSONField(_("answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("desk scan")
        verbose_name_plural = _("desk scans")

    def __str__(self) -> str:
        return self.client_id
