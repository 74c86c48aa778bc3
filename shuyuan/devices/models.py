from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch, ServicePoint


class Device(models.Model):
    """A machine that talks to the system: it logs in with its own credentials, never a person's."""

    class Kind(models.TextChoices):
        SIP2_KIOSK = "sip2_kiosk", _("self-check kiosk (SIP2)")
        REGISTRATION_KIOSK = "registration_kiosk", _("registration kiosk")
        PEOPLE_COUNTER = "people_counter", _("people counter")
        E_READING_CLIENT = "e_reading_client", _("e-reading room PC client")

    class CharacterSet(models.TextChoices):
        UTF8 = "utf-8", "UTF-8"
        GB18030 = "gb18030", "GB18030"

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    username = models.CharField(
        _("login name"), max_length=60, unique=True, help_text=_("The SIP2 login user id (CN) or API client name.")
    )
    secret_hash = models.CharField(_("credential hash"), max_length=120, editable=False)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="devices", verbose_name=_("branch"))
    service_point = models.ForeignKey(
        ServicePoint, models.PROTECT, null=True, blank=True, related_name="devices", verbose_name=_("service point")
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    institution_id = models.CharField(_("SIP2 institution id"), max_length=30, blank=True)
    character_set = models.CharField(
        _("character set"), max_length=10, choices=CharacterSet.choices, default=CharacterSet.UTF8
    )
    requires_pin = models.BooleanField(_("requires reader PIN"), default=False)
    created_at = models.DateTimeField(_("created at"))
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["branch__code", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"
