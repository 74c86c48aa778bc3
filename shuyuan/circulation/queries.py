"""Reads worth naming: resolving cards for adapters (items: ``catalog.queries.item_by_barcode``), a
reader's standing and account, loans and history, queue places, the overdue list, the rule matrix as it
applies, a batch's manifest, the desk's daily tally.

``standing`` and ``account`` are the one answer every adapter gives a reader (the kiosk, the staff
reader page, the desk, later the OPAC): whether they may borrow and why not, judged by the same
rules checkout applies, and what they have and owe."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item, ItemType
from shuyuan.circulation import configuration, rows, rules, steps
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import (
    ACTIVE_HOLD,
    NOTICE_TO_SEND,
    CirculationEvent,
    Compensation,
    Fee,
    Hold,
    Loan,
    LoanRule,
    Notice,
    OverdueListing,
    Suspension,
    Transfer,
    TransferBatch,
)
from shuyuan.patrons.models import Patron, PatronCategory


def patron_by_card(card_number: str) -> Patron:
    """The reader of a card number (a merged record stands for the record it was merged into)."""
    from shuyuan.patrons import queries as patron_queries

    patron = patron_queries.by_card(card_number)
    if patron is None:
        raise CirculationRefused(Reason.UNKNOWN_PATRON, card_number=card_number)
    return patron


@dataclass(frozen=True)
class Standing:
    """Where a reader stands at a branch: whether they may borrow, renew and hold, every reason why
    not (in the order checkout checks them: checkout refuses with the first), their counts against
    the limits of the rule for any item type, and what they owe."""

    may_borrow: bool
    reasons: tuple[Reason, ...]
    may_renew: bool
    may_hold: bool
    loans: int
    overdue: int
    max_loans: int
    holds_ready: int  # on the hold shelf
    holds_waiting: int  # waiting or in transit
    max_holds: int
    charges_fees: bool  # whether the branch's library charges fees
    open_fees: int
    fees_owed: Decimal
    compensation_owed: Decimal

    @property
    def money_owed(self) -> Decimal:
        return self.fees_owed + self.compensation_owed

    @property
    def messages(self) -> tuple[str, ...]:
        """The reasons as a person reads them."""
        return tuple(str(reason.label) for reason in self.reasons)


def standing(patron: Patron, *, at: datetime, branch: Branch, read: Sequence[Sequence[Any]] | None = None) -> Standing:
    """The reader's standing for borrowing at ``branch``, in one statement without locks (a kiosk
    asking about a reader must not queue behind writers): the reader with the flags checkout reads
    (``steps.lock_for_checkout``), their loans, holds and money counted, and the configuration's token.
    ``read``: what ``standing_statement`` read with the reader's card, used if it is this reader's
    (a merged record's card is not)."""
    today = steps.local_day(at)
    if read and read[0][0] == patron.pk:
        reader, values = rows.patron_from(read, patron.pk)
    else:
        reader, values = rows.patron_row(patron.pk, lock=False, extras=_standing_probes(patron.pk, at))
    flags, counts = values[: len(steps.FLAGS)], steps.counts_from(values[len(steps.FLAGS) : len(steps.FLAGS) + 3])
    holds_ready, holds_waiting, open_fees, fees_owed, compensation_owed, token = values[len(steps.FLAGS) + 3 :]
    steps.set_flags(reader, flags)
    settings = configuration.as_of(token)
    policy = settings.policy(branch.pk)
    terms = settings.terms(steps.effective_category(reader, today).pk, None, branch.pk)
    state = steps.reader_state(reader)
    reasons = rules.borrowing_refusals(
        state,
        today=today,
        overdue=counts.overdue,
        fees_owed=steps.money(fees_owed) if open_fees else None,
        blocks_overdue=policy.blocks_readers_with_overdue,
        fee_limit=steps.fee_limit(policy),
    )
    if counts.total >= terms.max_loans:
        reasons.append(Reason.LOAN_LIMIT)
    holds = int(holds_ready) + int(holds_waiting)
    may_hold = not rules.reader_refusals(state, today=today) and rules.holds_allowed(terms) and holds < terms.max_holds
    return Standing(
        may_borrow=not reasons,
        reasons=tuple(reasons),
        may_renew=rules.may_renew(reasons, overdue=counts.overdue, renews_overdue=policy.renews_overdue_loans),
        may_hold=may_hold,
        loans=counts.total,
        overdue=counts.overdue,
        max_loans=terms.max_loans,
        holds_ready=int(holds_ready),
        holds_waiting=int(holds_waiting),
        max_holds=terms.max_holds,
        charges_fees=policy.charges_fees,
        open_fees=int(open_fees),
        fees_owed=steps.money(fees_owed),
        compensation_owed=steps.money(compensation_owed),
    )


def standing_statement(card: str, *, at: datetime) -> tuple[str, list[Any]]:
    """``standing``'s statement for whichever reader holds the card ``card``, for an adapter that sends
    it with the card's look-up (``fastsql.fetch_each``), before it knows who the reader is."""
    return rows.patron_statement_by_card(card, extras=_standing_probes(rows.READER_ID, at))


def _standing_probes(patron: steps.Whose, at: datetime) -> list[steps.Probe]:
    return [
        *steps.standing_probes(patron, steps.local_day(at)),
        steps.count_probe(patron, None, at),
        steps.hold_count_probe(patron),
        *steps.money_probes(patron),
        steps.Probe(configuration.TOKEN_SQL, []),
    ]


@dataclass(frozen=True)
class AccountLoan:
    loan_id: int
    barcode: str
    title: str
    call_number: str
    checked_out_at: datetime
    due_at: datetime
    renewals: int
    is_overdue: bool
    days_overdue: int  # whole days past the due day, 0 if not overdue


@dataclass(frozen=True)
class AccountHold:
    hold_id: int
    title: str
    status: str  # a Hold.Status value
    pickup_branch: str
    placed_at: datetime
    queue_position: int  # 1 for the next reader to be served; 0 once the hold no longer waits
    barcode: str  # the copy set aside for it, or ""
    collect_by: datetime | None

    @property
    def is_ready(self) -> bool:
        return self.status == Hold.Status.READY

    @property
    def status_label(self) -> str:
        return str(Hold.Status(self.status).label)


@dataclass(frozen=True)
class AccountSuspension:
    suspension_id: int
    first_day: date
    last_day: date
    overdue_days: int
    is_running: bool  # False: it starts later (after one still running)


@dataclass(frozen=True)
class AccountCompensation:
    compensation_id: int
    barcode: str
    title: str
    cause: str  # a Compensation.Cause value
    amount: Decimal
    created_at: datetime

    @property
    def cause_label(self) -> str:
        return str(Compensation.Cause(self.cause).label)


@dataclass(frozen=True)
class AccountFee:
    fee_id: int
    barcode: str  # the late loan's item, or ""
    amount: Decimal
    overdue_days: int
    created_at: datetime


@dataclass(frozen=True)
class Account:
    """What a reader has and owes: open loans (soonest due first), active holds (oldest first),
    suspensions not yet over, open compensations and open fees."""

    loans: tuple[AccountLoan, ...]
    holds: tuple[AccountHold, ...]
    suspensions: tuple[AccountSuspension, ...]
    compensations: tuple[AccountCompensation, ...]
    fees: tuple[AccountFee, ...]

    @property
    def overdue_loans(self) -> tuple[AccountLoan, ...]:
        return tuple(loan for loan in self.loans if loan.is_overdue)

    @property
    def fees_owed(self) -> Decimal:
        return sum((fee.amount for fee in self.fees), Decimal("0.00"))

    @property
    def compensation_owed(self) -> Decimal:
        return sum((c.amount for c in self.compensations), Decimal("0.00"))


def account(patron: Patron, *, at: datetime) -> Account:
    """The reader's account as of ``at``, in five statements however much they have."""
    today = steps.local_day(at)
    return Account(
        loans=account_loans(patron, at=at, today=today),
        holds=account_holds(patron),
        suspensions=tuple(
            AccountSuspension(pk, first, last, days, first <= today)
            for pk, first, last, days in Suspension.objects.filter(
                patron=patron, lifted_at__isnull=True, last_day__gte=today
            )
            .order_by("first_day", "pk")
            .values_list("pk", "first_day", "last_day", "overdue_days")
        ),
        compensations=tuple(
            AccountCompensation(*row)
            for row in Compensation.objects.filter(patron=patron, status=Compensation.Status.OPEN)
            .order_by("created_at", "pk")
            .values_list("pk", "item__barcode", "item__record__title", "cause", "amount", "created_at")
        ),
        fees=tuple(
            AccountFee(pk, barcode or "", amount, days, created)
            for pk, barcode, amount, days, created in Fee.objects.filter(patron=patron, status=Fee.Status.OPEN)
            .order_by("created_at", "pk")
            .values_list("pk", "loan__item__barcode", "amount", "overdue_days", "created_at")
        ),
    )


def account_loans(patron: Patron, *, at: datetime, today: date) -> tuple[AccountLoan, ...]:
    found = []
    columns = (
        "pk",
        "item__barcode",
        "item__record__title",
        "item__call_number",
        "checked_out_at",
        "due_at",
        "renewals",
    )
    for pk, barcode, title, call_number, out, due, renewals in (
        Loan.objects.filter(patron=patron, status=Loan.Status.OPEN).order_by("due_at", "pk").values_list(*columns)
    ):
        overdue = due < at  # as standing counts it, and checkout refuses it
        days = max(0, (today - timezone.localdate(due)).days) if overdue else 0
        found.append(AccountLoan(pk, barcode, title, call_number, out, due, renewals, overdue, days))
    return tuple(found)


def account_holds(patron: Patron) -> tuple[AccountHold, ...]:
    ahead = (
        Hold.objects.filter(
            record_id=OuterRef("record_id"), status=Hold.Status.WAITING, position__lt=OuterRef("position")
        )
        .order_by()
        .values("record_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    holds = (
        Hold.objects.filter(patron=patron, status__in=ACTIVE_HOLD)
        .annotate(ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), 0))
        .order_by("placed_at", "pk")
        .values_list(
            "pk",
            "record__title",
            "status",
            "pickup_branch__name",
            "placed_at",
            "ahead",
            "assigned_item__barcode",
            "expires_at",
        )
    )
    return tuple(
        AccountHold(
            pk, title, status, pickup, placed, ahead + 1 if status == Hold.Status.WAITING else 0, barcode or "", collect
        )
        for pk, title, status, pickup, placed, ahead, barcode, collect in holds
    )


def open_loans(patron: Patron) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(patron=patron, status=Loan.Status.OPEN)
        .select_related("item", "item__record")
        .order_by("due_at", "pk")
    )


def reading_history(patron: Patron) -> QuerySet[Loan]:
    """A reader's returned loans, only for a reader who turned their reading history on."""
    if not patron.keeps_reading_history:
        raise CirculationRefused(Reason.HISTORY_OFF)
    return (
        Loan.objects.filter(patron=patron, status=Loan.Status.RETURNED)
        .select_related("item__record")
        .order_by("-closed_at")
    )


def queue_place(hold: Hold) -> int:
    """1 for the next reader to be served; 0 once the hold no longer waits."""
    if hold.status != Hold.Status.WAITING:
        return 0
    waiting = Hold.objects.filter(record_id=hold.record_id, status=Hold.Status.WAITING).values_list(
        "position", flat=True
    )
    return rules.queue_rank(hold.position, list(waiting))


def holds_to_pull(branch: Branch) -> QuerySet[Hold]:
    """Waiting holds with a copy on this branch's shelves: staff fetch it and check it in."""
    on_shelf = Item.objects.filter(current_branch=branch, status=Item.Status.ON_SHELF, item_type__is_loanable=True)
    return (
        Hold.objects.filter(status=Hold.Status.WAITING, record__items__in=on_shelf)
        .select_related("record", "pickup_branch")
        .distinct()
        .order_by("placed_at")
    )


@dataclass(frozen=True)
class OverdueLine:
    loan: Loan
    days: int


def overdue_loans(*, at: datetime, branch: Branch | None = None, min_days: int = 1) -> QuerySet[Loan]:
    """Open loans overdue by at least ``min_days`` whole days (催还), by reader, for calling, printing
    or exporting; ``branch`` is the reader's home branch, who calls them. A query, so that a page of
    it is read and not the whole list."""
    first_day_too_recent = timezone.localdate(at) - timedelta(days=max(min_days, 1) - 1)
    cutoff = timezone.make_aware(datetime.combine(first_day_too_recent, time.min))
    loans = (
        Loan.objects.filter(status=Loan.Status.OPEN, due_at__lt=cutoff, patron__isnull=False)
        .select_related("patron", "patron__home_branch", "item", "item__record", "branch")
        .order_by("patron__card_number", "due_at", "pk")
    )
    if branch is not None:
        loans = loans.filter(patron__home_branch=branch)
    return loans


def overdue_lines(loans: Iterable[Loan], *, at: datetime) -> list[OverdueLine]:
    """Each loan with the whole days it is overdue by, counted in local days."""
    today = timezone.localdate(at)
    return [OverdueLine(loan, (today - timezone.localdate(loan.due_at)).days) for loan in loans]


@dataclass(frozen=True)
class CallLine:
    """One reader to phone about their overdue books (催还电话)."""

    patron: Patron
    lines: tuple[OverdueLine, ...]

    @property
    def phone_masked(self) -> str:
        return self.patron.phone_masked or self.patron.guardian_phone_masked

    @property
    def is_guardians_phone(self) -> bool:
        return not self.patron.phone_masked and bool(self.patron.guardian_phone_masked)

    @property
    def reveal_field(self) -> str:
        """Which of the reader's numbers the readers' audited reveal shows (``patrons.services.REVEALABLE``)."""
        return "guardian_phone" if self.is_guardians_phone else "phone"

    @property
    def most_days(self) -> int:
        return max(line.days for line in self.lines)


def call_list(loans: Iterable[Loan], *, at: datetime) -> list[CallLine]:
    """The overdue loans (``overdue_loans``, ordered by reader) as one line per reader, the longest
    overdue first: whom to phone first."""
    readers: dict[int, list[OverdueLine]] = {}
    patrons: dict[int, Patron] = {}
    for line in overdue_lines(loans, at=at):
        patron = line.loan.patron
        assert patron is not None  # overdue_loans leaves anonymised loans out
        patrons.setdefault(patron.pk, patron)
        readers.setdefault(patron.pk, []).append(line)
    calls = [CallLine(patrons[pk], tuple(lines)) for pk, lines in readers.items()]
    return sorted(calls, key=lambda call: (-call.most_days, call.patron.card_number))


def repeated_overdue_list() -> QuerySet[OverdueListing]:
    return OverdueListing.objects.filter(lifted_at__isnull=True).select_related("patron").order_by("-listed_at")


@dataclass(frozen=True)
class MatrixCell:
    category: PatronCategory
    item_type: ItemType
    rule: LoanRule | None
    terms: rules.Terms
    is_exact: bool


def rule_matrix(branch: Branch | None) -> list[tuple[PatronCategory, list[MatrixCell]]]:
    """For each reader category and item type, the rule that applies at ``branch`` (or library-wide
    when None) and whether it is that cell's own rule or one it falls back to."""
    all_rules = list(LoanRule.objects.select_related("patron_category", "item_type", "branch"))
    types = list(ItemType.objects.order_by("code"))
    rows = []
    branch_id = branch.pk if branch is not None else None
    for category in PatronCategory.objects.order_by("code"):
        cells = []
        for item_type in types:
            rule = rules.pick_rule(all_rules, category_id=category.pk, item_type_id=item_type.pk, branch_id=branch_id)
            terms = rules.DEFAULT_TERMS if rule is None else configuration.terms_of(rule)
            exact = rule is not None and (rule.patron_category_id, rule.item_type_id, rule.branch_id) == (
                category.pk,
                item_type.pk,
                branch_id,
            )
            cells.append(MatrixCell(category, item_type, rule, terms, exact))
        rows.append((category, cells))
    return rows


def manifest(batch: TransferBatch) -> list[dict[str, Any]]:
    """The lines of a batch's manifest, in call-number order as they are packed."""
    transfers = (
        Transfer.objects.filter(batch=batch)
        .select_related("item", "item__record")
        .order_by("item__call_number_sort", "item__barcode")
    )
    return [
        {
            "barcode": t.item.barcode,
            "call_number": t.item.call_number,
            "title": t.item.record.title,
            "received": t.received_at is not None,
        }
        for t in transfers
    ]


def waiting_notices(*, served: tuple[str, ...] | None = None) -> int:
    """Notices not yet delivered (with the channel "none", all of them wait for the reader's account);
    with ``served`` (the readers' choices the configured channels serve), those of readers who chose
    another channel, which wait until it is configured."""
    waiting = Notice.objects.filter(status__in=NOTICE_TO_SEND)
    if served is not None:
        waiting = waiting.exclude(patron__notice_channel__in=(*served, "none"))
    return waiting.count()


@dataclass(frozen=True)
class Tally:
    """A desk's day (日结), counted from the events: loans, returns, renewals, holds handed out,
    in-house uses, and compensation and fees taken."""

    loans: int
    returns: int
    renewals: int
    holds_handed_out: int
    in_house_use: int
    compensations: int
    compensation_taken: Decimal
    fees_paid: int


TALLIED = (
    CirculationEvent.Kind.CHECKOUT,
    CirculationEvent.Kind.CHECKIN,
    CirculationEvent.Kind.RENEWAL,
    CirculationEvent.Kind.HOLD_FULFILLED,
    CirculationEvent.Kind.IN_HOUSE_USE,
    CirculationEvent.Kind.COMPENSATION_SETTLED,
    CirculationEvent.Kind.FEE_PAID,
)


def tally(
    *,
    first: datetime,
    last: datetime,
    service_point: ServicePoint | None = None,
    by: Any = None,
    by_label: str | None = None,
) -> Tally:
    """The events between ``first`` and ``last`` (exclusive) at ``service_point`` (any when None),
    done by ``by`` or by the actor recorded as ``by_label`` (anyone when None), counted by kind."""
    events = CirculationEvent.objects.filter(kind__in=TALLIED, at__gte=first, at__lt=last)
    if service_point is not None:
        events = events.filter(service_point=service_point)
    if by is not None:
        by_label = steps.by_label(by)
    if by_label is not None:
        events = events.filter(by_label=by_label)
    counts = dict(events.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    settled = events.filter(kind=CirculationEvent.Kind.COMPENSATION_SETTLED).values_list("detail", flat=True)
    Kind = CirculationEvent.Kind
    return Tally(
        loans=counts.get(Kind.CHECKOUT, 0),
        returns=counts.get(Kind.CHECKIN, 0),
        renewals=counts.get(Kind.RENEWAL, 0),
        holds_handed_out=counts.get(Kind.HOLD_FULFILLED, 0),
        in_house_use=counts.get(Kind.IN_HOUSE_USE, 0),
        compensations=counts.get(Kind.COMPENSATION_SETTLED, 0),
        compensation_taken=sum((Decimal(d.get("amount", "0")) for d in settled), Decimal("0.00")),
        fees_paid=counts.get(Kind.FEE_PAID, 0),
    )


def tally_by_staff(*, first: datetime, last: datetime, service_point: ServicePoint) -> dict[str, Tally]:
    """The desk's day per staff member (by the actor each event records), for the tally's table."""
    labels = (
        CirculationEvent.objects.filter(kind__in=TALLIED, at__gte=first, at__lt=last, service_point=service_point)
        .order_by()
        .values_list("by_label", flat=True)
        .distinct()
    )
    return {
        label: tally(first=first, last=last, service_point=service_point, by_label=label) for label in sorted(labels)
    }
