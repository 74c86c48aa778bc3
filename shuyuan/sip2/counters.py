"""Per-kiosk message counters: tallied in memory by the event loop, added to the database in batches.

A kiosk message costs a dictionary update, not a write; the server flushes the tally every few
seconds and on shutdown. The rows are increments (``F() + n``), so several server processes can
share them.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from shuyuan.sip2.models import DeviceCounter


@dataclass
class Tally:
    messages: int = 0
    errors: int = 0
    latency_total_us: int = 0
    latency_max_us: int = 0
    last_message_at: datetime | None = None

    def add(self, latency_us: int, *, error: bool, at: datetime) -> None:
        self.messages += 1
        self.errors += int(error)
        self.latency_total_us += latency_us
        self.latency_max_us = max(self.latency_max_us, latency_us)
        self.add_time(at)

    def merge(self, other: "Tally") -> None:
        self.messages += other.messages
        self.errors += other.errors
        self.latency_total_us += other.latency_total_us
        self.latency_max_us = max(self.latency_max_us, other.latency_max_us)
        if other.last_message_at is not None:
            self.add_time(other.last_message_at)

    def add_time(self, at: datetime) -> None:
        self.last_message_at = at if self.last_message_at is None else max(self.last_message_at, at)


Key = tuple[int, date, str]  # device id, local day, command code


class CounterBook:
    """The in-process tally; only the event loop thread touches it."""

    def __init__(self) -> None:
        self.tallies: dict[Key, Tally] = {}

    def record(self, device_id: int, day: date, command: str, latency_us: int, *, error: bool, at: datetime) -> None:
        self.tallies.setdefault((device_id, day, command), Tally()).add(latency_us, error=error, at=at)

    def take(self) -> dict[Key, Tally]:
        taken, self.tallies = self.tallies, {}
        return taken

    def put_back(self, tallies: dict[Key, Tally]) -> None:
        for key, tally in tallies.items():
            self.tallies.setdefault(key, Tally()).merge(tally)


def flush(tallies: dict[Key, Tally]) -> None:
    """Add a taken tally to the counter rows (runs in the database thread)."""
    with transaction.atomic():
        for (device_id, day, command), tally in sorted(tallies.items()):
            counter, _created = DeviceCounter.objects.get_or_create(device_id=device_id, day=day, command=command)
            DeviceCounter.objects.filter(pk=counter.pk).update(
                messages=F("messages") + tally.messages,
                errors=F("errors") + tally.errors,
                latency_total_us=F("latency_total_us") + tally.latency_total_us,
                latency_max_us=Greatest(F("latency_max_us"), tally.latency_max_us),
                last_message_at=tally.last_message_at
                if counter.last_message_at is None
                else Greatest(F("last_message_at"), tally.last_message_at),
            )
