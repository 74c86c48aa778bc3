"""Limits on the public online registration form: submissions per client address and hour, and
per ID number and day (``SHUYUAN["PATRONS"]``: ``JOIN_ATTEMPTS_PER_IP_HOUR``, ``JOIN_ATTEMPTS_PER_ID_DAY``);
and on a registration kiosk's answers about readers registered before (``KIOSK_LOOKUPS_PER_HOUR``).

Counts live in a database table, not in Django's cache: the default cache is local to one process,
so with several web processes each would allow the full number, and a restart would forget them.
A count is one row per key and fixed window (the clock hour, the local day), raised with a single
UPDATE under the row's lock, so concurrent submissions from several processes count exactly.
Keys are keyed hashes with a purpose of their own: the table holds no address or ID number, and no
value that equals a reader's stored ID number hash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from shuyuan.addresses import client_address as client_address  # the online form's callers use it here
from shuyuan.keys import keyed_hash
from shuyuan.patrons.conf import patron_settings
from shuyuan.patrons.errors import Reason
from shuyuan.patrons.iddocs import normalize
from shuyuan.patrons.models import JoinAttemptCount

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    key: str
    allowed: int
    window: timedelta  # HOUR or DAY
    reason: Reason


def address_key(address: str) -> str:
    return keyed_hash("patron-join-address", address)


def document_key(number: str) -> str:
    return keyed_hash("patron-join-document", normalize(number))


def limits(*, address: str, id_number: str = "") -> list[Limit]:
    """The limits one submission counts against; a limit set to 0 is off."""
    settings = patron_settings()
    found = []
    if settings.join_attempts_per_ip_hour > 0:
        found.append(Limit(address_key(address), settings.join_attempts_per_ip_hour, HOUR, Reason.TOO_MANY_FROM_HERE))
    if id_number and settings.join_attempts_per_id_day > 0:
        found.append(
            Limit(document_key(id_number), settings.join_attempts_per_id_day, DAY, Reason.TOO_MANY_FOR_DOCUMENT)
        )
    return found


def kiosk_lookup_limit(device_pk: int) -> Limit | None:
    """The hourly limit of a registration kiosk's answers about readers already registered."""
    allowed = patron_settings().kiosk_lookups_per_hour
    if allowed <= 0:
        return None
    return Limit(keyed_hash("patron-kiosk-lookup", str(device_pk)), allowed, HOUR, Reason.TOO_MANY_LOOKUPS)


def window_start(at: datetime, window: timedelta) -> datetime:
    local = timezone.localtime(at).replace(minute=0, second=0, microsecond=0)
    return local.replace(hour=0) if window >= DAY else local


def count(limit: Limit, *, at: datetime) -> int:
    """Add one attempt to the limit's current window and return the window's count. A building
    block: the caller's transaction holds the row lock the UPDATE takes until it commits."""
    start = window_start(at, limit.window)
    row, _created = JoinAttemptCount.objects.get_or_create(key=limit.key, window_start=start)
    JoinAttemptCount.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    return JoinAttemptCount.objects.filter(pk=row.pk).values_list("attempts", flat=True).get()


def minutes_left(limit: Limit, *, at: datetime) -> int:
    end = window_start(at, limit.window) + limit.window
    return max(1, math.ceil((end - at).total_seconds() / 60))
