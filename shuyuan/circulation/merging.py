"""Merging two records of one reader, the circulation part: a building block that opens no
transaction, for the reader's lifecycle (``shuyuan.lifecycle.services.merge``) to call inside its
own, after ``shuyuan.patrons.merging.merge_into(keep, remove, ...)``.

Loans (open and returned), holds, suspensions, the overdue list, compensations, fees and notices
move to the kept reader. Where both wait for the same title, the hold further along (ready before
in transit before waiting, then the earlier place in the queue) is kept and the other cancelled.
Past events are not rewritten (they are append-only); a ReaderTokenMerge row tells statistics
that the two tokens are one reader now.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection

from shuyuan.audit import log
from shuyuan.catalog.models import Item
from shuyuan.circulation import steps
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import (
    ACTIVE_HOLD,
    CirculationEvent,
    Compensation,
    Fee,
    Hold,
    Loan,
    Notice,
    OverdueListing,
    ReaderTokenMerge,
    Suspension,
)
from shuyuan.patrons.models import Patron

PROGRESS: dict[str, int] = {Hold.Status.READY: 0, Hold.Status.IN_TRANSIT: 1, Hold.Status.WAITING: 2}


def move_circulation(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> dict[str, int]:
    """Move everything circulation holds for ``remove`` to ``keep``; returns counts per kind."""
    if not connection.in_atomic_block:
        raise RuntimeError("move_circulation must run inside the calling service's transaction")
    if keep.pk == remove.pk:
        raise CirculationRefused(Reason.SAME_PATRON)
    rows = {p.pk: p for p in Patron.objects.select_for_update().filter(pk__in=sorted([keep.pk, remove.pk]))}
    keep, remove = rows[keep.pk], rows[remove.pk]
    moved = {"holds_cancelled": drop_duplicate_holds(keep, remove, at=at, by=by)}
    for name, model in (
        ("loans", Loan),
        ("holds", Hold),
        ("suspensions", Suspension),
        ("compensations", Compensation),
        ("fees", Fee),
        ("notices", Notice),
    ):
        moved[name] = model.objects.filter(patron=remove).update(patron=keep)  # type: ignore[attr-defined]
    moved["listings"] = move_listing(keep, remove, at=at, by=by)
    ReaderTokenMerge.objects.filter(new_token=remove.reader_token).update(new_token=keep.reader_token)
    ReaderTokenMerge.objects.create(old_token=remove.reader_token, new_token=keep.reader_token, merged_at=at)
    log.record("circulation.merge_readers", at=at, by=by, obj=keep, detail=moved)
    return moved


def drop_duplicate_holds(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> int:
    holds = list(
        Hold.objects.select_for_update(of=("self",))
        .select_related("pickup_branch", "assigned_item")
        .filter(patron__in=[keep, remove], status__in=ACTIVE_HOLD)
        .order_by("pk")
    )
    by_record: dict[int, list[Hold]] = {}
    for hold in holds:
        by_record.setdefault(hold.record_id, []).append(hold)
    cancelled = 0
    for pair in by_record.values():
        if len(pair) < 2:
            continue
        pair.sort(key=lambda h: (PROGRESS[h.status], h.position))
        for loser in pair[1:]:
            cancel_for_merge(loser, patron=remove if loser.patron_id == remove.pk else keep, at=at, by=by)
            cancelled += 1
    return cancelled


def cancel_for_merge(hold: Hold, *, patron: Patron, at: datetime, by: Any) -> None:
    was = hold.status
    hold.status = Hold.Status.CANCELLED
    hold.closed_at = at
    hold.save(update_fields=["status", "closed_at"])
    act = steps.Act(at, by, "system", hold.pickup_branch)
    steps.record_event(
        CirculationEvent.Kind.HOLD_CANCELLED,
        act,
        item=hold.assigned_item,
        patron=patron,
        detail={"hold": hold.pk, "was": was, "merged": True},
    )
    if was == Hold.Status.READY and hold.assigned_item is not None:
        item = steps.lock_item(Item(pk=hold.assigned_item_id))
        steps.route_item(item, act)


def move_listing(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> int:
    """One open listing per reader: if both are listed, the removed record's entry is closed."""
    if OverdueListing.objects.filter(patron=keep, lifted_at__isnull=True).exists():
        OverdueListing.objects.filter(patron=remove, lifted_at__isnull=True).update(
            lifted_at=at, lifted_by=steps.by_label(by), note="merged"
        )
    return OverdueListing.objects.filter(patron=remove).update(patron=keep)
