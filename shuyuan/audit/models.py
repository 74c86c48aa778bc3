from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when and from where. Rows are only ever inserted."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, verbose_name=_("staff member")
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        permissions = [("view_audit_log", _("Can browse the audit log"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class LoginFailures(models.Model):
    """Recent failed staff logins of one account or one client address (``audit.logins``). The key
    is a keyed hash, so the table names neither; a row goes when its account logs in."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("failed logins")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.failures}"


class RedactionPermit(models.Model):
    """While a row exists, inside the redaction's own transaction only, the database lets audit
    entries be rewritten (``audit.services.redact_personal_numbers``); otherwise its triggers refuse."""

    granted_at = models.DateTimeField()
    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.granted_at:%Y-%m-%d %H:%M} {self.reason}"
