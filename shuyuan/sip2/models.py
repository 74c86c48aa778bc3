from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.devices.models import Device


class DeviceCounter(models.Model):
    """Messages, errors and latency of one kiosk, per day and SIP2 command.

    The server adds to these rows from an in-process tally every few seconds; several server
    processes add to the same rows, so the figures survive restarts and add up across processes.
    """

    device = models.ForeignKey(Device, models.CASCADE, related_name="sip2_counters", verbose_name=_("device"))
    day = models.DateField(_("day"))
    command = models.CharField(_("SIP2 command"), max_length=2)
    messages = models.PositiveIntegerField(_("messages"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    latency_total_us = models.BigIntegerField(_("total latency (µs)"), default=0)
    latency_max_us = models.BigIntegerField(_("longest latency (µs)"), default=0)
    last_message_at = models.DateTimeField(_("last message at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SIP2 counter")
        verbose_name_plural = _("SIP2 counters")
        constraints = [
            models.UniqueConstraint(fields=["device", "day", "command"], name="sip2_counter_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.device_id} {self.day} {self.command}"

    @property
    def mean_latency_ms(self) -> float:
        return self.latency_total_us / self.messages / 1000 if self.messages else 0.0


class KioskOptions(models.Model):
    """How one SIP2 kiosk wants what the standard leaves open; a kiosk without a row gets the defaults."""

    class DueDateForm(models.TextChoices):
        SIP2 = "sip2", _("SIP2 date and time (YYYYMMDD    HHMMSS)")
        ISO = "iso", _("date (YYYY-MM-DD)")
        CHINESE = "chinese", _("Chinese date (2016年8月7日)")

    device = models.OneToOneField(Device, models.CASCADE, related_name="sip2_options", verbose_name=_("device"))
    due_date_form = models.CharField(
        _("due date form"),
        max_length=10,
        choices=DueDateForm.choices,
        default=DueDateForm.SIP2,
        help_text=_("How the due date (AH) is written for this kiosk."),
    )

    class Meta:
        verbose_name = _("SIP2 kiosk options")
        verbose_name_plural = _("SIP2 kiosk options")

    def __str__(self) -> str:
        return str(self.device)


class OfflineConflict(models.Model):
    """A transaction a kiosk made while off-line that circulation would have refused.

    The reader has gone home with the book (or left it in the return bin) long ago, so the kiosk is
    not told "no"; staff settle the case at the desk instead.
    """

    class Command(models.TextChoices):
        CHECKOUT = "11", _("checkout")
        CHECKIN = "09", _("checkin")

    device = models.ForeignKey(Device, models.PROTECT, related_name="offline_conflicts", verbose_name=_("device"))
    command = models.CharField(_("transaction"), max_length=2, choices=Command.choices)
    happened_at = models.DateTimeField(_("happened at"))
    received_at = models.DateTimeField(_("received at"))
    item_barcode = models.CharField(_("item barcode"), max_length=40)
    patron = models.ForeignKey(
        "patrons.Patron", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reader")
    )
    reason = models.CharField(_("reason"), max_length=40)
    message = models.CharField(_("what circulation said"), max_length=200)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.CharField(_("resolved by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("off-line transaction conflict")
        verbose_name_plural = _("off-line transaction conflicts")
        ordering = ["-happened_at"]
        indexes = [models.Index(fields=["device"], condition=models.Q(resolved_at__isnull=True), name="open_conflicts")]

    def __str__(self) -> str:
        return f"{self.get_command_display()} {self.item_barcode} {self.happened_at:%Y-%m-%d %H:%M}"


class KioskItemProperties(models.Model):
    """The item properties (CH) a kiosk stored for a copy with 19 Item Status Update: typically what
    an RFID kiosk keeps on the tag (security, sorting). Shuyuan does not read them; it hands them
    back in CH of 18 item information, 10 checkin, 12 checkout and 30 renew."""

    item = models.OneToOneField(
        "catalog.Item", models.CASCADE, primary_key=True, related_name="sip2_properties", verbose_name=_("item")
    )
    properties = models.TextField(_("item properties"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        Device, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("set by kiosk")
    )

    class Meta:
        verbose_name = _("kiosk item properties")
        verbose_name_plural = _("kiosk item properties")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.properties[:40]}"
