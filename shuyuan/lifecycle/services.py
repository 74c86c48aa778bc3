"""The reader's lifecycle services: merging two records of one person, erasing a person. Each is
one durable transaction that calls every app's building block for its part of the reader's data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuyuan.acquisitions.merging import move_suggestions
from shuyuan.circulation.merging import move_circulation
from shuyuan.desk.readers import move_scans
from shuyuan.lifecycle import erasure
from shuyuan.outreach import erasure as outreach
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.merging import merge_into
from shuyuan.patrons.models import Patron
from shuyuan.sip2.conflicts import move_conflicts

# Who moves what when two records merge, after the readers' part (``merge_into``: it locks and
# checks both records, then moves cards, blocks, wards and the old deposit). A new app with reader
# data adds its building block here: ``step(keep, remove, *, at, by)``.
MERGE_STEPS: tuple[Callable[..., Any], ...] = (
    move_circulation,  # loans, holds, suspensions, the overdue list, charges, notices, the token
    move_conflicts,  # the SIP2 server's off-line conflicts
    move_scans,  # the lending desk's scans of the last two days
    outreach.merge,  # activity sign-ups and the volunteer record
    move_suggestions,  # purchase suggestions (an erasure deletes them with the reader's row)
)


@transaction.atomic(durable=True)
def merge(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> Patron:
    """Merge two records of one person: the removed record is closed and points at the kept one,
    and every app's data about it moves over, all in one transaction."""
    kept = merge_into(keep, remove, at=at, by=by)
    for step in MERGE_STEPS:
        step(kept, remove, at=at, by=by)
    return kept


@transaction.atomic(durable=True)
def erase_patron(patron: Patron, *, at: datetime, by: Any, reason: str) -> erasure.Erasure:
    """Delete a reader's personal data at their request or when the purpose has ended (PIPL art. 47):
    the person goes, anonymous statistics stay. Refused while the reader has books on loan, a
    disputed return, charges or a deposit to settle, a child in their guardianship or an unsettled
    off-line kiosk transaction; active holds are cancelled. See ``erasure`` for what goes and stays."""
    if not reason.strip():
        raise PatronRefused(Reason.ERASURE_REASON_REQUIRED, patron=patron)
    records = erasure.lock(patron)
    if not records:
        raise Patron.DoesNotExist(patron.pk)
    refusals = erasure.problems(records, today=timezone.localdate(at))
    if refusals:
        raise refusals[0]
    return erasure.erase(records, reason=reason, at=at, by=by)
