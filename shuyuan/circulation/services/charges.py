"""Loss, damage and lateness without a deposit (诚信借阅): lost and claimed-returned loans,
compensation, fees (only where the library charges them), lifting suspensions and listings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from shuyuan.audit import log
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.items import set_status
from shuyuan.catalog.models import Item
from shuyuan.circulation import configuration, rules, steps
from shuyuan.circulation.errors import ChargeRefused, CirculationRefused, Reason
from shuyuan.circulation.models import CirculationEvent, Compensation, Fee, Loan, OverdueListing, Suspension
from shuyuan.circulation.steps import Act
from shuyuan.patrons.models import Patron

Kind = CirculationEvent.Kind


def lock_open_loan(loan: Loan) -> tuple[Loan, Item]:
    item_id = Loan.objects.filter(pk=loan.pk).values_list("item_id", flat=True).get()
    item = steps.lock_item(Item(pk=item_id))
    loan = (
        Loan.objects.select_for_update(of=("self",))
        .select_related("patron", "patron__category", "branch")
        .get(pk=loan.pk)
    )
    if not loan.is_open:
        raise CirculationRefused(Reason.LOAN_CLOSED)
    return loan, item


def close_loan(loan: Loan, status: str, *, at: datetime) -> None:
    loan.status = status
    loan.closed_at = at
    loan.save(update_fields=["status", "closed_at"])


def act_of(service_point: ServicePoint | None, fallback: Branch, *, at: datetime, by: Any, channel: str) -> Act:
    """The act, at the service point's branch, or at ``fallback`` when it happens at none."""
    return Act(at, by, channel, service_point.branch if service_point is not None else fallback, service_point)


@transaction.atomic(durable=True)
def mark_lost(
    loan: Loan, *, at: datetime, by: Any, channel: str, service_point: ServicePoint | None = None, note: str = ""
) -> Compensation:
    """The reader reports the book lost: the loan closes as lost, the item is lost, and a
    compensation (the same edition, or the price times the policy factor) is recorded; it blocks
    borrowing until settled, and is cancelled if the book turns up at a checkin."""
    loan, item = lock_open_loan(loan)
    act = act_of(service_point, loan.branch, at=at, by=by, channel=channel)
    close_loan(loan, Loan.Status.LOST, at=at)
    set_status(item, Item.Status.LOST, at=at, by=by, reason="lost by reader")
    steps.record_event(Kind.LOST, act, item=item, patron=loan.patron, detail={"loan": loan.pk})
    compensation = compensate(item, loan.patron, Compensation.Cause.LOST, act, loan=loan, note=note)
    log.record("circulation.mark_lost", at=at, by=by, obj=loan, detail={"barcode": item.barcode})
    return compensation


def compensate(
    item: Item,
    patron: Patron | None,
    cause: str,
    act: Act,
    *,
    loan: Loan | None,
    note: str,
    amount: Decimal | None = None,
) -> Compensation:
    if amount is None:
        factor = configuration.current().policy(act.branch.pk).compensation_factor
        amount = rules.compensation_amount(item.price, factor)
    compensation = Compensation.objects.create(
        patron=patron, item=item, loan=loan, cause=cause, amount=amount, created_at=act.at, note=note
    )
    steps.record_event(
        Kind.COMPENSATION_RECORDED,
        act,
        item=item,
        patron=patron,
        detail={"compensation": compensation.pk, "cause": cause, "amount": str(amount)},
    )
    return compensation


@transaction.atomic(durable=True)
def claim_returned(
    loan: Loan, *, at: datetime, by: Any, channel: str, service_point: ServicePoint | None = None, note: str = ""
) -> Loan:
    """The reader says the book was returned but it is not on the shelf: the loan closes, the item
    is missing until it turns up (a checkin then records it as found). Staff decide; audited."""
    loan, item = lock_open_loan(loan)
    close_loan(loan, Loan.Status.CLAIMED_RETURNED, at=at)
    set_status(item, Item.Status.MISSING, at=at, by=by, reason="claimed returned")
    steps.record_event(
        Kind.CLAIMED_RETURNED,
        act_of(service_point, loan.branch, at=at, by=by, channel=channel),
        item=item,
        patron=loan.patron,
        detail={"loan": loan.pk},
    )
    log.record("circulation.claim_returned", at=at, by=by, obj=loan, detail={"barcode": item.barcode, "note": note})
    return loan


@transaction.atomic(durable=True)
def record_compensation(
    item: Item,
    patron: Patron,
    *,
    cause: str,
    at: datetime,
    by: Any,
    service_point: ServicePoint,
    channel: str,
    amount: Decimal | None = None,
    note: str = "",
) -> Compensation:
    """Staff record a damaged (or otherwise lost) item the reader must make good."""
    item = steps.lock_item(item)
    act = Act.at_point(service_point, at=at, by=by, channel=channel)
    compensation = compensate(item, patron, cause, act, loan=None, note=note, amount=amount)
    log.record(
        "circulation.record_compensation",
        at=at,
        by=by,
        obj=compensation,
        detail={"barcode": item.barcode, "cause": cause, "amount": str(compensation.amount)},
    )
    return compensation


@transaction.atomic(durable=True)
def settle_compensation(
    compensation: Compensation,
    *,
    settlement: str,
    at: datetime,
    by: Any,
    channel: str,
    service_point: ServicePoint | None = None,
    note: str = "",
) -> Compensation:
    """Clear a compensation: ``settlement`` is REPLACED (a copy of the same edition) or PAID."""
    compensation = (
        Compensation.objects.select_for_update(of=("self",))
        .select_related("patron", "patron__category", "item", "patron__home_branch")
        .get(pk=compensation.pk)
    )
    if compensation.status != Compensation.Status.OPEN:
        raise ChargeRefused(Reason.COMPENSATION_NOT_OPEN)
    if settlement not in (Compensation.Status.REPLACED, Compensation.Status.PAID):
        raise ValueError(f"unknown settlement {settlement!r}")
    compensation.status = settlement
    compensation.settled_at = at
    compensation.settled_by = steps.by_label(by)
    compensation.note = note or compensation.note
    compensation.save(update_fields=["status", "settled_at", "settled_by", "note"])
    steps.record_event(
        Kind.COMPENSATION_SETTLED,
        act_of(service_point, compensation.item.current_branch, at=at, by=by, channel=channel),
        item=compensation.item,
        patron=compensation.patron,
        detail={"compensation": compensation.pk, "settlement": settlement, "amount": str(compensation.amount)},
    )
    log.record("circulation.settle_compensation", at=at, by=by, obj=compensation, detail={"settlement": settlement})
    return compensation


def lock_open_fee(fee: Fee) -> Fee:
    fee = (
        Fee.objects.select_for_update(of=("self",))
        .select_related("patron", "patron__category", "patron__home_branch")
        .get(pk=fee.pk)
    )
    if fee.status != Fee.Status.OPEN:
        raise ChargeRefused(Reason.FEE_NOT_OPEN)
    return fee


def close_fee(fee: Fee, status: str, kind: str, act: Act, *, note: str) -> Fee:
    fee.status = status
    fee.closed_at = act.at
    fee.closed_by = steps.by_label(act.by)
    fee.note = note
    fee.save(update_fields=["status", "closed_at", "closed_by", "note"])
    steps.record_event(kind, act, patron=fee.patron, detail={"fee": fee.pk, "amount": str(fee.amount)})
    log.record(f"circulation.{kind}", at=act.at, by=act.by, obj=fee, detail={"amount": str(fee.amount), "note": note})
    return fee


def fee_act(fee: Fee, service_point: ServicePoint | None, *, at: datetime, by: Any, channel: str) -> Act:
    assert fee.patron is not None
    return act_of(service_point, fee.patron.home_branch, at=at, by=by, channel=channel)


@transaction.atomic(durable=True)
def pay_fee(
    fee: Fee, *, at: datetime, by: Any, channel: str, service_point: ServicePoint | None = None, note: str = ""
) -> Fee:
    fee = lock_open_fee(fee)
    act = fee_act(fee, service_point, at=at, by=by, channel=channel)
    return close_fee(fee, Fee.Status.PAID, Kind.FEE_PAID, act, note=note)


@transaction.atomic(durable=True)
def waive_fee(
    fee: Fee, *, note: str, at: datetime, by: Any, channel: str, service_point: ServicePoint | None = None
) -> Fee:
    fee = lock_open_fee(fee)
    act = fee_act(fee, service_point, at=at, by=by, channel=channel)
    return close_fee(fee, Fee.Status.WAIVED, Kind.FEE_WAIVED, act, note=note)


@transaction.atomic(durable=True)
def lift_suspension(suspension: Suspension, *, note: str, at: datetime, by: Any) -> Suspension:
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.lifted_at is not None:
        raise ChargeRefused(Reason.NOTHING_TO_LIFT)
    suspension.lifted_at = at
    suspension.lifted_by = steps.by_label(by)
    suspension.save(update_fields=["lifted_at", "lifted_by"])
    log.record("circulation.lift_suspension", at=at, by=by, obj=suspension, detail={"note": note})
    return suspension


@transaction.atomic(durable=True)
def lift_overdue_listing(listing: OverdueListing, *, note: str, at: datetime, by: Any) -> OverdueListing:
    """Take a reader off the list of repeated long overdues; they may borrow again."""
    listing = OverdueListing.objects.select_for_update().get(pk=listing.pk)
    if listing.lifted_at is not None:
        raise ChargeRefused(Reason.NOTHING_TO_LIFT)
    listing.lifted_at = at
    listing.lifted_by = steps.by_label(by)
    listing.note = note[:200]
    listing.save(update_fields=["lifted_at", "lifted_by", "note"])
    log.record("circulation.lift_overdue_listing", at=at, by=by, obj=listing, detail={"note": note})
    return listing
