"""Reads for the staff page: each SIP2 kiosk with its counters over a span of days."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from shuyuan.devices.models import Device
from shuyuan.sip2.models import DeviceCounter


@dataclass(frozen=True)
class KioskFigures:
    device: Device
    messages: int
    errors: int
    mean_latency_ms: float
    max_latency_ms: float
    last_message_at: datetime | None


# The requests a kiosk sends, by their SIP2 command number ("??": a message that could not be read).
COMMAND_NAMES: dict[str, Promise] = {
    "01": pgettext_lazy("SIP2 command", "block card"),
    "09": pgettext_lazy("SIP2 command", "return"),
    "11": pgettext_lazy("SIP2 command", "checkout"),
    "15": pgettext_lazy("SIP2 command", "hold"),
    "17": pgettext_lazy("SIP2 command", "item information"),
    "19": pgettext_lazy("SIP2 command", "item status update"),
    "23": pgettext_lazy("SIP2 command", "reader status"),
    "25": pgettext_lazy("SIP2 command", "reader enable"),
    "29": pgettext_lazy("SIP2 command", "renew"),
    "35": pgettext_lazy("SIP2 command", "end reader session"),
    "37": pgettext_lazy("SIP2 command", "fee paid"),
    "63": pgettext_lazy("SIP2 command", "reader information"),
    "65": pgettext_lazy("SIP2 command", "renew all"),
    "93": pgettext_lazy("SIP2 command", "login"),
    "97": pgettext_lazy("SIP2 command", "resend last answer"),
    "99": pgettext_lazy("SIP2 command", "kiosk status"),
    "??": pgettext_lazy("SIP2 command", "message that could not be read"),
}


@dataclass(frozen=True)
class CommandFigures:
    command: str
    messages: int
    errors: int
    mean_latency_ms: float
    max_latency_ms: float

    @property
    def name(self) -> str:
        label = COMMAND_NAMES.get(self.command)
        return str(label) if label is not None else ""


def kiosk_figures(devices: QuerySet[Device], first: date, last: date) -> list[KioskFigures]:
    """Every SIP2 kiosk among ``devices``, with its totals from ``first`` to ``last`` (inclusive)."""
    totals = {
        row["device"]: row
        for row in _totals(DeviceCounter.objects.filter(device__in=devices, day__gte=first, day__lte=last), "device")
    }
    kiosks = devices.filter(kind=Device.Kind.SIP2_KIOSK).select_related("branch", "service_point")
    return [_kiosk(device, totals.get(device.pk)) for device in kiosks]


def command_figures(device: Device, first: date, last: date) -> list[CommandFigures]:
    rows = _totals(DeviceCounter.objects.filter(device=device, day__gte=first, day__lte=last), "command")
    return [
        CommandFigures(row["command"], row["messages"], row["errors"], _mean(row), row["longest"] / 1000)
        for row in sorted(rows, key=lambda row: row["command"])
    ]


def _totals(counters: QuerySet[DeviceCounter], by: str) -> list[dict]:
    return list(
        counters.values(by).annotate(
            messages=Sum("messages"),
            errors=Sum("errors"),
            latency=Sum("latency_total_us"),
            longest=Max("latency_max_us"),
            last=Max("last_message_at"),
        )
    )


def _kiosk(device: Device, row: dict | None) -> KioskFigures:
    if row is None:
        return KioskFigures(device, 0, 0, 0.0, 0.0, None)
    return KioskFigures(device, row["messages"], row["errors"], _mean(row), row["longest"] / 1000, row["last"])


def _mean(row: dict) -> float:
    return row["latency"] / row["messages"] / 1000 if row["messages"] else 0.0
