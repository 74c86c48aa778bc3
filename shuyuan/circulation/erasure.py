"""Erasing a reader, the circulation part: building blocks that open no transaction, for the
reader's lifecycle (``shuyuan.lifecycle.services.erase_patron``) to call inside its own.

``outstanding`` says what circulation still has open with the reader; the lifecycle decides
what refuses an erasure. ``lock_set_aside_items`` and ``cancel_holds`` do the one clean-up that the
foreign keys do not: active holds end as cancelled, with their events, and a copy on the hold shelf
moves on to the next reader. Everything else follows from deleting the reader's row: loans, closed
holds, fees and compensations keep their rows without a reader (SET_NULL); suspensions, the overdue
list and notices go with the reader (CASCADE); events never linked the reader and stay as they are.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from shuyuan.catalog.models import Item
from shuyuan.circulation import steps
from shuyuan.circulation.models import ACTIVE_HOLD, Compensation, Fee, Hold, Loan
from shuyuan.circulation.services.holds import end_cancelled, lock_hold
from shuyuan.circulation.steps import Act


@dataclass(frozen=True)
class Outstanding:
    """What circulation has open with one or more reader records (the records of one person)."""

    open_loans: int
    disputed_loans: int  # claimed returned, and the copy has not turned up
    open_compensations: int
    open_fees: int
    active_holds: int


def outstanding(patron_ids: Collection[int]) -> Outstanding:
    """Read-only counts; call it after locking the readers so no checkout slips in between."""
    loans = Loan.objects.filter(patron_id__in=patron_ids)
    return Outstanding(
        open_loans=loans.filter(status=Loan.Status.OPEN).count(),
        disputed_loans=loans.filter(status=Loan.Status.CLAIMED_RETURNED, item__status=Item.Status.MISSING).count(),
        open_compensations=Compensation.objects.filter(
            patron_id__in=patron_ids, status=Compensation.Status.OPEN
        ).count(),
        open_fees=Fee.objects.filter(patron_id__in=patron_ids, status=Fee.Status.OPEN).count(),
        active_holds=Hold.objects.filter(patron_id__in=patron_ids, status__in=ACTIVE_HOLD).count(),
    )


def lock_set_aside_items(patron_ids: Collection[int]) -> None:
    """Lock the copies set aside for the readers' holds. Circulation locks items before readers;
    the lifecycle calls this before it locks the reader rows, and so keeps that order."""
    _require_transaction("lock_set_aside_items")
    items = Hold.objects.filter(patron_id__in=patron_ids, status__in=ACTIVE_HOLD, assigned_item__isnull=False)
    pks = sorted(items.values_list("assigned_item_id", flat=True))
    if pks:
        steps.lock_items(pks)


def cancel_holds(patron_ids: Collection[int], *, at: datetime, by: Any) -> int:
    """Cancel the readers' active holds as staff would, one event each (the event keeps the reader's
    token and category, like every other); a copy on the hold shelf goes to the next reader or home.
    Returns how many holds were cancelled."""
    _require_transaction("cancel_holds")
    active = Hold.objects.filter(patron_id__in=patron_ids, status__in=ACTIVE_HOLD)
    pks = list(active.order_by("pk").values_list("pk", flat=True))
    for pk in pks:
        hold = lock_hold(Hold(pk=pk))
        end_cancelled(hold, Act(at, by, "system", hold.pickup_branch), erased=True)
    return len(pks)


def _require_transaction(name: str) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError(f"{name} must run inside the calling service's transaction")
