"""Checkout, checkin, renewal and group loans."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.audit import log
from shuyuan.branches.models import ServicePoint
from shuyuan.catalog.items import set_status
from shuyuan.catalog.models import Item
from shuyuan.catalog.queries import Scan
from shuyuan.circulation import configuration, rules, steps
from shuyuan.circulation.errors import CheckinRefused, CheckoutRefused, Reason, RenewalRefused
from shuyuan.circulation.models import (
    ACTIVE_HOLD,
    ONE_OPEN_LOAN_PER_ITEM,
    CirculationEvent,
    CirculationPolicy,
    Fee,
    Hold,
    Loan,
    Notice,
    OverdueListing,
    Suspension,
)
from shuyuan.circulation.steps import Act, Route, local_day
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.patrons.queries import Card

Kind = CirculationEvent.Kind


def item_refusal(item: Item, patron: Patron, set_aside: Hold | None) -> Reason | None:
    """Why this (locked) item cannot be lent to this reader now, or None (``rules.item_refusal``)."""
    on_loan_to_reader = False
    if item.status == Item.Status.ON_LOAN:
        holder = Loan.objects.filter(item=item, status=Loan.Status.OPEN).values_list("patron_id", flat=True).first()
        on_loan_to_reader = holder == patron.pk
    return rules.item_refusal(
        item.status,
        is_loanable=item.item_type.is_loanable,
        on_loan_to_reader=on_loan_to_reader,
        set_aside_for_reader=set_aside is not None and set_aside.patron_id == patron.pk,
    )


def holds_touching(item: Item, patron: Patron) -> tuple[Hold | None, Hold | None]:
    """(the hold this copy is set aside for, the reader's own active hold on the title), locked.
    Most checkouts touch no hold: the probe read with the reader (``steps.lock_for_checkout``) says
    whether this is needed at all."""
    found = list(
        Hold.objects.select_for_update(of=("self",)).filter(
            Q(assigned_item_id=item.pk) | Q(patron_id=patron.pk, record_id=item.record_id), status__in=ACTIVE_HOLD
        )
    )
    set_aside = next((h for h in found if h.assigned_item_id == item.pk), None)
    own = next((h for h in found if h.patron_id == patron.pk), None)
    return set_aside, own


def fulfils(own: Hold | None, item: Item) -> bool:
    if own is None:
        return False
    if own.status == Hold.Status.WAITING:
        return own.item_id in (None, item.pk)
    return own.assigned_item_id == item.pk


def refusing_a_second_open_loan(service: Callable[..., Loan]) -> Callable[..., Loan]:
    """The database's refusal of a second open loan of an item (``ONE_OPEN_LOAN_PER_ITEM``) as the
    checkout's refusal. The item lock makes it unreachable for well-behaved callers; the constraint
    still has the last word, and on PostgreSQL it speaks with the ``COMMIT``, which takes the loan's
    INSERT along (``fastsql.together(last=True)``)."""

    @functools.wraps(service)
    def refusing(*args: Any, **kwargs: Any) -> Loan:
        try:
            return service(*args, **kwargs)
        except IntegrityError as exc:
            if second_open_loan(exc):
                raise CheckoutRefused(Reason.ITEM_ON_LOAN) from exc
            raise

    return refusing


def second_open_loan(exc: IntegrityError) -> bool:
    diagnosis = getattr(exc.__cause__, "diag", None)
    if diagnosis is not None:  # PostgreSQL names the constraint
        return bool(diagnosis.constraint_name == ONE_OPEN_LOAN_PER_ITEM)
    return f"{Loan._meta.db_table}.item_id" in str(exc)  # SQLite names its column


@refusing_a_second_open_loan
@transaction.atomic(durable=True)
def checkout(
    item: Item | Scan,
    patron: Patron | Card,
    *,
    at: datetime,
    by: Any,
    service_point: ServicePoint,
    channel: str,
    override: str = "",
) -> Loan:
    """Lend ``item`` to ``patron`` at ``service_point``.

    Whose rules apply: a reader of branch A borrowing an item of branch B at a service point of
    branch C gets the rule for (A-reader's category, the item's type, branch C), and a due date on
    an open day of C (see rules.py and the README). The number of queries does not depend on
    how many loans the reader has.

    ``override``: staff's reason for lending over the reader's refusals where ``rules.OVERRIDABLE``
    allows every one of them (the adapter checks the ``circulation.override_refusal`` permission);
    the override is audited with the reasons it overrode.

    ``item`` and ``patron`` may be the codes scanned (``catalog.queries.Scan`` and
    ``patrons.queries.Card``, both or neither): they are looked up with the locks, in their round trip
    (``steps.lock_scanned_for_checkout``), and refused as the look-ups refuse them.
    """
    act = Act.at_point(service_point, at=at, by=by, channel=channel)
    today, branch = act.today, act.branch
    if isinstance(item, Scan) or isinstance(patron, Card):
        if not (isinstance(item, Scan) and isinstance(patron, Card)):
            raise TypeError("a checkout by the codes scanned takes both codes")
        locks = steps.lock_scanned_for_checkout(item, patron, today=today, at=at)
    else:
        locks = steps.lock_for_checkout(item, patron, today=today, at=at)
    item, patron, counts, settings = locks.item, locks.patron, locks.counts, locks.settings
    set_aside, own = holds_touching(item, patron) if locks.touches_hold else (None, None)
    steps.refuse(CheckoutRefused, item_refusal(item, patron, set_aside))
    policy = settings.policy(branch.pk)
    reasons = steps.borrowing_refusals(patron, counts, policy, today=today)
    category = steps.effective_category(patron, today)
    terms = settings.terms(category.pk, item.item_type_id, branch.pk)
    limit = rules.limit_refusal(terms, open_loans=counts.total, open_of_type=counts.of_type)
    reasons += [limit] if limit is not None else []
    steps.refuse(CheckoutRefused, rules.standing_refusal(reasons, overriding=bool(override.strip())))
    due_at = settings.due_at(branch.pk, today, terms.loan_days)
    detail: dict[str, Any] = {"due": local_day(due_at).isoformat()}
    if reasons:
        detail["overridden"] = [reason.value for reason in reasons]
    collects = fulfils(own, item)
    # On PostgreSQL one statement, sent with the COMMIT unless more follows (an override's audit, a
    # hold collected); where no id was drawn ahead (SQLite), the loan's INSERT last, its id read back.
    with fastsql.together(last=not (reasons or collects)):
        set_status(item, Item.Status.ON_LOAN, at=at, by=by, reason="checkout", current_branch=branch)
        steps.record_event(Kind.CHECKOUT, act, item=item, patron=patron, detail=detail)
        loan = open_loan(item, patron, due_at, category, act, loan_id=locks.loan_id)
    if reasons:
        log.record(
            "circulation.refusal_overridden",
            at=at,
            by=by,
            obj=loan,
            detail={"refused": detail["overridden"], "reason": override.strip()[:200], "barcode": item.barcode},
        )
    if collects:
        assert own is not None
        close_hold_collected(own, item, patron, act)
    return loan


def open_loan(
    item: Item, patron: Patron, due_at: datetime, category: PatronCategory, act: Act, *, loan_id: int | None
) -> Loan:
    return fastsql.insert(
        fastsql.new(
            Loan,
            id=loan_id,
            item=item,
            patron=patron,
            item_type_id=item.item_type_id,
            branch=act.branch,
            service_point=act.service_point,
            channel=act.channel,
            checked_out_at=act.at,
            due_at=due_at,
            is_group_loan=category.kind == PatronCategory.Kind.GROUP,
        )
    )


def close_hold_collected(hold: Hold, item: Item, patron: Patron, act: Act) -> None:
    hold.status = Hold.Status.FULFILLED
    hold.closed_at = act.at
    hold.assigned_item = item
    hold.save(update_fields=["status", "closed_at", "assigned_item"])
    steps.record_event(Kind.HOLD_FULFILLED, act, item=item, patron=patron, detail={"hold": hold.pk})


@transaction.atomic(durable=True)
def group_checkout(
    items: list[Item], patron: Patron, *, at: datetime, by: Any, service_point: ServicePoint, channel: str
) -> list[Loan]:
    """Lend many items at once to a group borrower (a school, a community, a village deposit
    station) under its category's rules; all or nothing: one refused item refuses the whole list,
    naming its barcode."""
    act = Act.at_point(service_point, at=at, by=by, channel=channel)
    today, branch = act.today, act.branch
    locked = steps.lock_items([i.pk for i in items])
    patron = steps.lock_patron(patron, today=today)
    category = steps.effective_category(patron, today)
    if category.kind != PatronCategory.Kind.GROUP:
        raise CheckoutRefused(Reason.NOT_A_GROUP)
    settings = configuration.current()
    policy = settings.policy(branch.pk)
    counts = steps.loan_counts(patron, item_type_id=None, at=at)
    steps.refuse(CheckoutRefused, steps.borrowing_refusal(patron, counts, policy, today=today))
    set_aside = {h.assigned_item_id: h for h in Hold.objects.filter(assigned_item__in=locked, status__in=ACTIVE_HOLD)}
    for item in locked:
        reason = item_refusal(item, patron, set_aside.get(item.pk))
        steps.refuse(CheckoutRefused, reason, barcode=item.barcode)
    loans = group_loans(locked, patron, category, settings, act, total=counts.total)
    for item in locked:
        set_status(item, Item.Status.ON_LOAN, at=at, by=by, reason="group checkout", current_branch=branch)
    CirculationEvent.objects.bulk_create(
        steps.event(Kind.CHECKOUT, act, item=item, patron=patron, detail={"group": True}) for item in locked
    )
    log.record("circulation.group_checkout", at=at, by=by, obj=patron, detail={"items": len(loans)})
    return loans


def group_loans(
    items: list[Item],
    patron: Patron,
    category: PatronCategory,
    settings: configuration.Configuration,
    act: Act,
    *,
    total: int,
) -> list[Loan]:
    from django.db.models import Count

    held = Counter(
        dict(
            Loan.objects.filter(patron=patron, status=Loan.Status.OPEN)
            .values_list("item_type_id")
            .annotate(n=Count("pk"))
            .values_list("item_type_id", "n")
        )
    )
    loans = []
    branch = act.branch
    for item in items:
        terms = settings.terms(category.pk, item.item_type_id, branch.pk)
        refusal = rules.limit_refusal(terms, open_loans=total, open_of_type=held[item.item_type_id])
        steps.refuse(CheckoutRefused, refusal, barcode=item.barcode)
        total += 1
        held[item.item_type_id] += 1
        loans.append(
            Loan(
                item=item,
                patron=patron,
                item_type_id=item.item_type_id,
                branch=branch,
                service_point=act.service_point,
                channel=act.channel,
                checked_out_at=act.at,
                due_at=settings.due_at(branch.pk, act.today, terms.loan_days),
                is_group_loan=True,
            )
        )
    try:
        return Loan.objects.bulk_create(loans)
    except IntegrityError as exc:
        raise CheckoutRefused(Reason.ITEM_ON_LOAN) from exc


@dataclass
class CheckinResult:
    """What the desk or kiosk must tell: where the item goes, and what the return caused."""

    item: Item
    loan: Loan | None
    route: Route
    found: bool = False
    suspension: Suspension | None = None
    fee: Fee | None = None
    listed: OverdueListing | None = None


@transaction.atomic(durable=True)
def checkin(item: Item | Scan, *, at: datetime, by: Any, service_point: ServicePoint, channel: str) -> CheckinResult:
    """Take an item back at any branch (通借通还). It fills the first waiting hold it can (onto this
    hold shelf, or in transit to the pickup branch), else goes home in transit with a transfer,
    unless its collection floats. A late return suspends borrowing; a lost or missing item that
    turns up is recorded as found. Checking in an item that is not on loan routes it the same way
    (that is how staff pull copies for holds).

    ``item`` may be the code scanned (``catalog.queries.Scan``): it is looked up with the item's
    locks, in their round trip, and a code no item has is refused (``Reason.UNKNOWN_ITEM``)."""
    act = Act.at_point(service_point, at=at, by=by, channel=channel)
    branch = act.branch
    item, loan, first_hold = steps.lock_for_checkin(item, today=act.today)
    if item.status == Item.Status.WITHDRAWN:
        raise CheckinRefused(Reason.ITEM_WITHDRAWN)
    if item.status == Item.Status.IN_PROCESSING:
        raise CheckinRefused(Reason.ITEM_NOT_AVAILABLE)
    result = CheckinResult(item=item, loan=loan, route=Route(Route.Kind.SHELF, destination=branch))
    # Most returns are on time, of a copy on loan that no one waits for: nothing between their
    # writes reads, so the loan's close and the copy's way back go as one statement, with the COMMIT.
    on_time = loan is not None and at <= loan.due_at and item.status == Item.Status.ON_LOAN
    with fastsql.together(last=True) if on_time and first_hold.position is None else nullcontext():
        if loan is not None:
            close_returned(loan, item, result, act)
        elif item.status in (Item.Status.LOST, Item.Status.MISSING):
            result.found = True
            mark_found(item, act)
        result.route = route_after_checkin(item, act, first_hold)
    return result


def route_after_checkin(item: Item, act: Act, first_hold: steps.FirstHold) -> Route:
    branch = act.branch
    if item.status == Item.Status.IN_TRANSIT:
        transfer = steps.open_transfer(item)
        if transfer is not None and transfer.to_branch_id != branch.pk:
            return Route(Route.Kind.TRANSIT, destination=transfer.to_branch, transfer=transfer)
        if transfer is not None:
            return steps.arrive(item, transfer, act)
    if item.status == Item.Status.ON_HOLD_SHELF:
        hold = (
            Hold.objects.select_for_update(of=("self",))
            .select_related("patron", "pickup_branch")
            .filter(assigned_item=item, status=Hold.Status.READY)
            .first()
        )
        if hold is not None and hold.pickup_branch_id == branch.pk:
            return Route(Route.Kind.HOLD_SHELF, destination=branch, hold=hold)
        if hold is not None:
            return steps.set_aside(item, hold, act)
    return steps.route_item(item, act, probed=first_hold)


def close_returned(loan: Loan, item: Item, result: CheckinResult, act: Act) -> None:
    at = act.at
    overdue = 0
    policy: CirculationPolicy | None = None
    if at > loan.due_at:
        # The due day is read against today's calendar: a closure decided after the checkout
        # moves the due date to the next open day (branches.services.close_branch).
        settings = configuration.current()
        policy = settings.policy(loan.branch_id)
        effective_due = settings.open_day_on_or_after(loan.branch_id, timezone.localdate(loan.due_at))
        overdue = rules.overdue_days(effective_due, act.today, grace_days=policy.grace_days)
    loan.status = Loan.Status.RETURNED
    loan.closed_at = at
    loan.return_branch = act.branch
    loan.overdue_days = overdue
    with fastsql.together():
        fastsql.update(loan, "status", "closed_at", "return_branch", "overdue_days")
        steps.record_event(
            Kind.CHECKIN, act, item=item, patron=loan.patron, detail={"overdue_days": overdue} if overdue else {}
        )
    if overdue and loan.patron is not None and policy is not None:
        late_return(loan, loan.patron, overdue, policy, result, act)


def late_return(
    loan: Loan, patron: Patron, overdue: int, policy: CirculationPolicy, result: CheckinResult, act: Act
) -> None:
    """The zero-deposit answer to lateness: suspended borrowing, a fee only if the library charges
    fees, and the overdue list for readers who are long overdue again and again."""
    patron = steps.patrons_with_category().select_for_update(of=("self",)).get(pk=patron.pk)
    result.suspension = suspend(loan, patron, overdue, policy, act)
    if policy.charges_fees:
        amount = rules.overdue_fee(overdue, per_day=policy.overdue_fee_per_day, cap=policy.overdue_fee_cap)
        if amount > 0:
            result.fee = Fee.objects.create(
                patron=patron, loan=loan, amount=amount, overdue_days=overdue, created_at=act.at
            )
            steps.record_event(
                Kind.FEE_CHARGED,
                act,
                patron=patron,
                item=result.item,
                detail={"fee": result.fee.pk, "amount": str(amount)},
            )
    if overdue >= policy.long_overdue_days:
        result.listed = list_if_repeated(patron, policy, at=act.at, by=act.by)


def suspend(loan: Loan, patron: Patron, overdue: int, policy: CirculationPolicy, act: Act) -> Suspension | None:
    from django.db.models import Max

    running = Suspension.objects.filter(patron=patron, lifted_at__isnull=True).aggregate(m=Max("last_day"))["m"]
    period = rules.suspension_period(
        overdue,
        act.today,
        per_overdue_day=policy.suspension_days_per_overdue_day,
        max_days=policy.max_suspension_days,
        suspended_until=running,
    )
    if period is None:
        return None
    first, last = period
    suspension = Suspension.objects.create(
        patron=patron, loan=loan, first_day=first, last_day=last, overdue_days=overdue, created_at=act.at
    )
    days = {"first": first.isoformat(), "last": last.isoformat()}
    steps.record_event(Kind.SUSPENDED, act, patron=patron, detail=days)
    steps.notify(patron, Notice.Kind.SUSPENDED, at=act.at, detail=days)
    return suspension


def list_if_repeated(patron: Patron, policy: CirculationPolicy, *, at: datetime, by: Any) -> OverdueListing | None:
    from datetime import timedelta

    since = at - timedelta(days=policy.long_overdue_window_days)
    long_ones = Loan.objects.filter(
        patron=patron, closed_at__gte=since, overdue_days__gte=policy.long_overdue_days
    ).count()
    if long_ones < policy.long_overdue_count:
        return None
    if OverdueListing.objects.filter(patron=patron, lifted_at__isnull=True).exists():
        return None
    listing = OverdueListing.objects.create(patron=patron, long_overdues=long_ones, listed_at=at)
    log.record("circulation.overdue_listed", at=at, by=by, obj=listing, detail={"long_overdues": long_ones})
    return listing


def mark_found(item: Item, act: Act) -> None:
    """A lost or missing item turned up: compensations still open for it are cancelled."""
    from shuyuan.circulation.models import Compensation

    cancelled = Compensation.objects.filter(item=item, status=Compensation.Status.OPEN).update(
        status=Compensation.Status.CANCELLED, settled_at=act.at, settled_by=steps.by_label(act.by)
    )
    steps.record_event(Kind.FOUND, act, item=item, detail={"was": item.status, "compensations_cancelled": cancelled})
    log.record("circulation.item_found", at=act.at, by=act.by, obj=item, detail={"was": item.status})


@transaction.atomic(durable=True)
def renew(loan: Loan, *, at: datetime, by: Any, channel: str, service_point: ServicePoint | None = None) -> Loan:
    """Extend a loan from today by the renewal period of the rule of its lending branch (also when
    the reader renews online), up to the rule's number of renewals. Refused when another reader
    waits for the item, when the loan is overdue (unless the policy allows it), and for a reader
    who may not borrow."""
    current = Loan.objects.only("item_id", "patron_id").get(pk=loan.pk)
    item = steps.lock_item(Item(pk=current.item_id))
    if current.patron_id is None:
        raise RenewalRefused(Reason.LOAN_CLOSED)
    patron = steps.lock_patron(Patron(pk=current.patron_id), today=local_day(at))
    loan = Loan.objects.select_for_update(of=("self",)).select_related("branch").get(pk=loan.pk)
    act = Act(at, by, channel, service_point.branch if service_point is not None else loan.branch, service_point)
    return extend(loan, item, patron, configuration.current(), act)


@dataclass(frozen=True)
class Renewals:
    """What ``renew_all`` did: the loans renewed, and each loan not renewed with the reason."""

    renewed: tuple[Loan, ...]
    refused: tuple[tuple[Loan, Reason], ...]


@transaction.atomic(durable=True)
def renew_all(
    patron: Patron, *, at: datetime, by: Any, channel: str, service_point: ServicePoint | None = None
) -> Renewals:
    """Renew every open loan of the reader that may be renewed (each as ``renew`` would), soonest
    due first; a loan that may not be renewed is left as it is, with its reason. The loans' items
    are locked before the reader, as everywhere."""
    open_loans = Loan.objects.filter(patron=patron, status=Loan.Status.OPEN)
    items = {i.pk: i for i in steps.lock_items(sorted(open_loans.values_list("item_id", flat=True)))}
    patron = steps.lock_patron(patron, today=local_day(at))
    settings = configuration.current()
    renewed, refused = [], []
    for loan in open_loans.select_for_update(of=("self",)).select_related("branch").order_by("due_at", "pk"):
        loan.item = items[loan.item_id]
        act = Act(at, by, channel, service_point.branch if service_point is not None else loan.branch, service_point)
        try:
            renewed.append(extend(loan, loan.item, patron, settings, act))
        except RenewalRefused as refusal:
            refused.append((loan, refusal.reason))
    return Renewals(tuple(renewed), tuple(refused))


def extend(loan: Loan, item: Item, patron: Patron, settings: configuration.Configuration, act: Act) -> Loan:
    """Building block: renew a locked loan of a locked (flagged) reader, or refuse it before any write."""
    if not loan.is_open:
        raise RenewalRefused(Reason.LOAN_CLOSED)
    today = act.today
    policy = settings.policy(loan.branch_id)
    is_overdue = act.at > loan.due_at
    if is_overdue and not policy.renews_overdue_loans:
        raise RenewalRefused(Reason.RENEWAL_OVERDUE)
    counts = steps.loan_counts(patron, item_type_id=loan.item_type_id, at=act.at, exclude_loan=loan.pk)
    terms = settings.terms(steps.effective_category(patron, today).pk, loan.item_type_id, loan.branch_id)
    new_due = settings.due_at(loan.branch_id, today, terms.renewal_days)
    refusal = rules.renewal_refusal(
        is_overdue=is_overdue,
        renews_overdue=policy.renews_overdue_loans,
        borrowing_refusal=steps.borrowing_refusal(patron, counts, policy, today=today),
        others_waiting=steps.has_waiting_hold(item, today=today),
        renewals=loan.renewals,
        max_renewals=terms.max_renewals,
        moves_due_date=new_due > loan.due_at,
    )
    steps.refuse(RenewalRefused, refusal)
    old_due = loan.due_at
    loan.due_at = new_due
    loan.renewals += 1
    loan.save(update_fields=["due_at", "renewals"])
    detail = {"from": timezone.localdate(old_due).isoformat(), "due": timezone.localdate(new_due).isoformat()}
    steps.record_event(Kind.RENEWAL, act, item=item, patron=patron, detail=detail)
    return loan
