"""Holds: placing, cancelling and expiring them. Filling them happens at checkin (steps.route_item)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from shuyuan.audit import log
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item, Record
from shuyuan.circulation import configuration, rules, steps
from shuyuan.circulation.errors import HoldRefused, Reason
from shuyuan.circulation.models import ACTIVE_HOLD, CirculationEvent, Hold, Loan, Notice
from shuyuan.circulation.steps import Act, local_day
from shuyuan.patrons.models import Patron

Kind = CirculationEvent.Kind
UNAVAILABLE = (Item.Status.WITHDRAWN, Item.Status.LOST, Item.Status.MISSING)


def next_position(record: Record) -> int:
    """The next queue number of a title, under the title's row lock: concurrent holds on one title
    queue up here, so two holds never get the same number (the unique constraint says so too)."""
    Record.objects.select_for_update().filter(pk=record.pk).values_list("pk", flat=True).first()
    last = Hold.objects.filter(record=record).aggregate(m=Max("position"))["m"]
    return (last or 0) + 1


def hold_refusal(
    record: Record, patron: Patron, item: Item | None, *, pickup_branch: Branch, today: date
) -> Reason | None:
    """Why this (locked, flagged) reader may not hold ``record`` (or its copy ``item``), or None:
    the facts ``rules.hold_refusal`` judges, read here."""
    own_loans = Loan.objects.filter(patron=patron, status=Loan.Status.OPEN)
    on_loan = own_loans.filter(item=item) if item is not None else own_loans.filter(item__record=record)
    copies = Item.objects.filter(pk=item.pk) if item is not None else Item.objects.filter(record=record)
    category = steps.effective_category(patron, today)
    item_type_id = item.item_type_id if item is not None else None
    return rules.hold_refusal(
        reader_reasons=rules.reader_refusals(steps.reader_state(patron), today=today),
        of_other_record=item is not None and item.record_id != record.pk,
        pickup_active=pickup_branch.is_active,
        has_it_on_loan=on_loan.exists(),
        already_holds=Hold.objects.filter(patron=patron, record=record, status__in=ACTIVE_HOLD).exists(),
        has_loanable_copy=copies.filter(item_type__is_loanable=True).exclude(status__in=UNAVAILABLE).exists(),
        terms=configuration.current().terms(category.pk, item_type_id, pickup_branch.pk),
        active_holds=steps.active_holds_of(patron),
    )


@transaction.atomic(durable=True)
def place_hold(
    record: Record,
    patron: Patron,
    *,
    pickup_branch: Branch,
    at: datetime,
    by: Any,
    channel: str,
    item: Item | None = None,
    service_point: ServicePoint | None = None,
    not_needed_after: date | None = None,
) -> Hold:
    """Queue a reader for a title (the first copy that comes back) or for one copy, to collect at
    ``pickup_branch``. The rule of (reader category, the copy's item type or "any" for a title, the
    pickup branch) says whether holds are allowed and how many."""
    act = Act(at, by, channel, service_point.branch if service_point is not None else pickup_branch, service_point)
    today = act.today
    patron = steps.lock_patron(patron, today=today)
    steps.refuse(HoldRefused, hold_refusal(record, patron, item, pickup_branch=pickup_branch, today=today))
    hold = Hold.objects.create(
        patron=patron,
        record=record,
        item=item,
        pickup_branch=pickup_branch,
        position=next_position(record),
        channel=channel,
        placed_at=at,
        not_needed_after=not_needed_after,
    )
    steps.record_event(Kind.HOLD_PLACED, act, item=item, patron=patron, detail={"hold": hold.pk, "record": record.pk})
    return hold


@transaction.atomic(durable=True)
def cancel_hold(hold: Hold, *, at: datetime, by: Any, channel: str, service_point: ServicePoint | None = None) -> Hold:
    """Cancel a hold, by its reader or by staff. A copy waiting on the hold shelf goes on to the
    next reader in the queue, or home; a copy in transit for it is re-routed when it arrives."""
    hold = lock_hold(hold)
    if not hold.is_active:
        raise HoldRefused(Reason.HOLD_NOT_ACTIVE)
    branch = service_point.branch if service_point is not None else hold.pickup_branch
    end_cancelled(hold, Act(at, by, channel, branch, service_point))
    return hold


def end_cancelled(hold: Hold, act: Act, **detail: Any) -> None:
    """Building block: cancel a locked, active hold, with its event (``detail`` added to the
    event's); a copy on the hold shelf goes on to the next reader or home."""
    was = close_hold(hold, Hold.Status.CANCELLED, at=act.at)
    steps.record_event(
        Kind.HOLD_CANCELLED,
        act,
        item=hold.assigned_item,
        patron=hold.patron,
        detail={"hold": hold.pk, "was": was, **detail},
    )
    release_item(hold, was, act)


def lock_hold(hold: Hold) -> Hold:
    """The hold's copy first (lock order: items before holds), then the hold."""
    assigned = Hold.objects.filter(pk=hold.pk).values_list("assigned_item_id", flat=True).first()
    if assigned is not None:
        steps.lock_item(Item(pk=assigned))
    return (
        Hold.objects.select_for_update(of=("self",))
        .select_related("patron", "patron__category", "pickup_branch", "assigned_item")
        .get(pk=hold.pk)
    )


def close_hold(hold: Hold, status: str, *, at: datetime) -> str:
    was = hold.status
    hold.status = status
    hold.closed_at = at
    hold.save(update_fields=["status", "closed_at"])
    return was


def release_item(hold: Hold, was: str, act: Act) -> None:
    """A copy on the hold shelf for a hold that ended goes to the next hold or home."""
    if was == Hold.Status.READY and hold.assigned_item is not None:
        item = steps.lock_item(hold.assigned_item)
        steps.route_item(item, act.moved(hold.pickup_branch))


@transaction.atomic(durable=True)
def expire_holds(*, at: datetime, by: Any = None, limit: int = 1000) -> int:
    """Expire holds not collected in time (their copy moves on) and waiting holds whose reader no
    longer needs them; returns how many expired. Run by the ``expire_holds`` command."""
    today = local_day(at)
    due = (
        Hold.objects.filter(
            Q(status=Hold.Status.READY, expires_at__lt=at) | Q(status=Hold.Status.WAITING, not_needed_after__lt=today)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    expired = 0
    for pk in list(due):
        hold = lock_hold(Hold(pk=pk))
        if not hold.is_active:
            continue
        was = close_hold(hold, Hold.Status.EXPIRED, at=at)
        act = Act(at, by, "system", hold.pickup_branch)
        steps.record_event(
            Kind.HOLD_EXPIRED, act, item=hold.assigned_item, patron=hold.patron, detail={"hold": hold.pk, "was": was}
        )
        if hold.patron is not None:
            steps.notify(hold.patron, Notice.Kind.HOLD_EXPIRED, at=at, detail={"hold": hold.pk})
        release_item(hold, was, act)
        expired += 1
    if expired:
        log.record("circulation.expire_holds", at=at, by=by, detail={"expired": expired})
    return expired
