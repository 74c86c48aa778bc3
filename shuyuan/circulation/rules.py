"""Circulation policy as pure functions of plain values: which loan rule applies, due dates over a
branch calendar, limits, renewals, suspensions, fees and compensation. No database here.

Whose rules apply (通借通还): when a reader registered at branch A borrows an item whose home is
branch B at a service point of branch C, the rule is looked up with the reader's category, the
item's type and branch C, the branch where the loan is made; the due date falls on an open day of
C. Renewals keep the lending branch C of the loan (also when they come through the OPAC), holds use
the pickup branch. A's only say is the reader's category; B's only say is where the item goes
after its return (home, unless its collection floats).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from shuyuan.branches.rules import BranchCalendar
from shuyuan.catalog.models import Item
from shuyuan.circulation.errors import Reason
from shuyuan.patrons.models import Patron

# Most specific first: (branch given, item type given, reader category given). The lending branch's
# own rules come before the library-wide ones; within each, the item type weighs more than the
# reader category, because "not for loan" or "7 days" belongs to the material.
FALLBACK_ORDER: tuple[tuple[bool, bool, bool], ...] = (
    (True, True, True),
    (True, True, False),
    (True, False, True),
    (True, False, False),
    (False, True, True),
    (False, True, False),
    (False, False, True),
    (False, False, False),
)


class RuleCell(Protocol):
    @property
    def patron_category_id(self) -> int | None: ...

    @property
    def item_type_id(self) -> int | None: ...

    @property
    def branch_id(self) -> int | None: ...


@dataclass(frozen=True)
class Terms:
    """What a loan rule grants; DEFAULT_TERMS apply when no rule matches at all."""

    loan_days: int
    max_loans: int
    max_loans_of_type: int
    max_renewals: int
    renewal_days: int
    max_holds: int
    hold_pickup_days: int


C = TypeVar("C", bound=RuleCell)

DEFAULT_TERMS = Terms(
    loan_days=30, max_loans=5, max_loans_of_type=5, max_renewals=1, renewal_days=30, max_holds=5, hold_pickup_days=7
)


def matches(cell: RuleCell, category_id: int | None, item_type_id: int | None, branch_id: int | None) -> bool:
    return (
        cell.patron_category_id in (None, category_id)
        and cell.item_type_id in (None, item_type_id)
        and cell.branch_id in (None, branch_id)
    )


def specificity(cell: RuleCell) -> int:
    """Rank in FALLBACK_ORDER: 0 is the most specific cell."""
    key = (cell.branch_id is not None, cell.item_type_id is not None, cell.patron_category_id is not None)
    return FALLBACK_ORDER.index(key)


def pick_rule(
    candidates: Iterable[C], *, category_id: int | None, item_type_id: int | None, branch_id: int | None
) -> C | None:
    """The first rule in FALLBACK_ORDER among those matching; ``item_type_id=None`` asks for a rule
    that holds for any item type (a hold on a title rather than on one copy)."""
    fitting = [c for c in candidates if matches(c, category_id, item_type_id, branch_id)]
    return min(fitting, key=specificity, default=None)


def end_of_day(day: date, tz: tzinfo) -> datetime:
    """Loans are due at the end of their due day, local time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz)


def due_date(start: date, days: int, calendar: BranchCalendar) -> date:
    """``days`` after ``start``, moved forward to the first day the branch is open."""
    return calendar.next_open_day(start + timedelta(days=days))


def overdue_days(due: date, returned_on: date, *, grace_days: int = 0) -> int:
    """Whole days late; within the grace period a return is on time."""
    late = (returned_on - due).days
    return late if late > grace_days else 0


def suspension_period(
    overdue: int, today: date, *, per_overdue_day: int, max_days: int, suspended_until: date | None
) -> tuple[date, date] | None:
    """Days of suspended borrowing for a return ``overdue`` days late: they start tomorrow, or after
    a suspension still running, and never exceed ``max_days`` in one go."""
    days = min(overdue * per_overdue_day, max_days)
    if days <= 0:
        return None
    first = today + timedelta(days=1)
    if suspended_until is not None and suspended_until >= first:
        first = suspended_until + timedelta(days=1)
    return first, first + timedelta(days=days - 1)


def overdue_fee(overdue: int, *, per_day: Decimal, cap: Decimal) -> Decimal:
    return min(per_day * overdue, cap).quantize(Decimal("0.01"))


def compensation_amount(price: Decimal | None, factor: Decimal) -> Decimal:
    """An unpriced item is compensated by a copy of the same edition: amount 0, settled as replaced."""
    if price is None:
        return Decimal("0.00")
    return (price * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def over_limit(terms: Terms, *, open_loans: int, open_of_type: int) -> str:
    """'' if one more loan fits, else 'total' or 'type'."""
    if open_loans >= terms.max_loans:
        return "total"
    if open_of_type >= terms.max_loans_of_type:
        return "type"
    return ""


def limit_refusal(terms: Terms, *, open_loans: int, open_of_type: int) -> Reason | None:
    """Why the rule's terms refuse one more loan of their item type, or None."""
    if terms.loan_days == 0:
        return Reason.ITEM_NOT_LOANABLE
    over = over_limit(terms, open_loans=open_loans, open_of_type=open_of_type)
    return {"total": Reason.LOAN_LIMIT, "type": Reason.TYPE_LIMIT}.get(over)


# ---- refusals: what stops a reader, an item, a renewal, a hold, a transfer --------------------------


@dataclass(frozen=True)
class ReaderState:
    """What about a reader stops every loan, renewal and hold, as read with the reader."""

    status: str  # a Patron.Status value
    expires_on: date | None
    is_blocked: bool = False
    is_listed: bool = False  # on the list of repeated long overdues
    is_suspended: bool = False
    owes_compensation: bool = False


# The reasons ``reader_refusals`` gives, in the order checkout reports them.
READER_REASONS = (
    Reason.PATRON_CLOSED,
    Reason.PATRON_PENDING,
    Reason.PATRON_EXPIRED,
    Reason.PATRON_BLOCKED,
    Reason.PATRON_ON_OVERDUE_LIST,
    Reason.PATRON_SUSPENDED,
    Reason.PATRON_OWES_COMPENSATION,
)


def reader_refusals(reader: ReaderState, *, today: date) -> list[Reason]:
    """Every reason why this reader may neither borrow, renew nor hold, in READER_REASONS order."""
    expired = reader.status == Patron.Status.EXPIRED or (reader.expires_on is not None and reader.expires_on < today)
    found = {
        Reason.PATRON_CLOSED: reader.status == Patron.Status.CLOSED,
        Reason.PATRON_PENDING: reader.status == Patron.Status.PENDING,
        Reason.PATRON_EXPIRED: expired,
        Reason.PATRON_BLOCKED: reader.is_blocked,
        Reason.PATRON_ON_OVERDUE_LIST: reader.is_listed,
        Reason.PATRON_SUSPENDED: reader.is_suspended,
        Reason.PATRON_OWES_COMPENSATION: reader.owes_compensation,
    }
    return [reason for reason in READER_REASONS if found[reason]]


def owes_too_much(fees_owed: Decimal | None, fee_limit: Decimal | None) -> bool:
    """``fees_owed``: the open fees' total, None when there are none; ``fee_limit``: the amount that
    stops borrowing, None where the library charges no fees."""
    return fee_limit is not None and fees_owed is not None and fees_owed >= fee_limit


def borrowing_refusals(
    reader: ReaderState,
    *,
    today: date,
    overdue: int,
    fees_owed: Decimal | None,
    blocks_overdue: bool,
    fee_limit: Decimal | None,
) -> list[Reason]:
    """Every reason why this reader may not borrow whatever the item, in the order checkout checks
    them (checkout reports the first): the reader's own state, overdue loans, unpaid fees."""
    found = reader_refusals(reader, today=today)
    if blocks_overdue and overdue:
        found.append(Reason.PATRON_HAS_OVERDUE)
    if owes_too_much(fees_owed, fee_limit):
        found.append(Reason.PATRON_OWES_FEES)
    return found


def first(reasons: Sequence[Reason]) -> Reason | None:
    return reasons[0] if reasons else None


# What staff with the permission may lend over, giving a reason that is audited: limits and what the
# reader owes or has overdue. Never the reader's state (closed, expired, blocked, listed, suspended)
# and never the item's (on loan, in transit, held for another, not for loan).
OVERRIDABLE = frozenset(
    {
        Reason.PATRON_HAS_OVERDUE,
        Reason.PATRON_OWES_FEES,
        Reason.PATRON_OWES_COMPENSATION,
        Reason.LOAN_LIMIT,
        Reason.TYPE_LIMIT,
    }
)


def may_override(reasons: Sequence[Reason]) -> bool:
    """Whether staff may lend over every one of ``reasons`` (none is no override at all)."""
    return bool(reasons) and all(reason in OVERRIDABLE for reason in reasons)


def standing_refusal(reasons: Sequence[Reason], *, overriding: bool) -> Reason | None:
    """The refusal that stands: the first reason, unless staff override and may override them all."""
    if overriding and may_override(reasons):
        return None
    return first(reasons)


def item_refusal(
    status: str, *, is_loanable: bool, on_loan_to_reader: bool, set_aside_for_reader: bool
) -> Reason | None:
    """Why an item in ``status`` cannot be lent to a reader now, or None. ``on_loan_to_reader``:
    its open loan is this reader's; ``set_aside_for_reader``: the hold it is set aside for is theirs."""
    if status == Item.Status.ON_LOAN:
        return Reason.ITEM_ON_LOAN_TO_PATRON if on_loan_to_reader else Reason.ITEM_ON_LOAN
    if status == Item.Status.WITHDRAWN:
        return Reason.ITEM_WITHDRAWN
    if status == Item.Status.IN_TRANSIT:
        return Reason.ITEM_IN_TRANSIT
    if status == Item.Status.ON_HOLD_SHELF and not set_aside_for_reader:
        return Reason.ITEM_HELD_FOR_ANOTHER
    if status not in (Item.Status.ON_SHELF, Item.Status.ON_HOLD_SHELF):
        return Reason.ITEM_NOT_AVAILABLE
    if not is_loanable:
        return Reason.ITEM_NOT_LOANABLE
    return None


def renewal_refusal(
    *,
    is_overdue: bool,
    renews_overdue: bool,
    borrowing_refusal: Reason | None,
    others_waiting: bool,
    renewals: int,
    max_renewals: int,
    moves_due_date: bool,
) -> Reason | None:
    """Why a loan cannot be renewed, or None, in the order the desk reports it. ``borrowing_refusal``:
    why the reader may not borrow, their other loans counted without this one."""
    if is_overdue and not renews_overdue:
        return Reason.RENEWAL_OVERDUE
    if borrowing_refusal is not None:
        return borrowing_refusal
    if others_waiting:
        return Reason.RENEWAL_ON_HOLD
    if renewals >= max_renewals:
        return Reason.RENEWAL_LIMIT
    if not moves_due_date:
        return Reason.RENEWAL_TOO_EARLY
    return None


def may_renew(reasons: Sequence[Reason], *, overdue: int, renews_overdue: bool) -> bool:
    """Whether a reader who may not borrow for ``reasons`` may still renew a loan: the loan limit
    does not stop renewals, and where overdue loans may be renewed, a single overdue loan stops
    only the others (a renewal does not count the loan it renews)."""
    for reason in reasons:
        if reason == Reason.LOAN_LIMIT:
            continue
        if reason == Reason.PATRON_HAS_OVERDUE and renews_overdue and overdue == 1:
            continue
        return False
    return True


def hold_refusal(
    *,
    reader_reasons: Sequence[Reason],
    of_other_record: bool,
    pickup_active: bool,
    has_it_on_loan: bool,
    already_holds: bool,
    has_loanable_copy: bool,
    terms: Terms,
    active_holds: int,
) -> Reason | None:
    """Why a reader may not place a hold, or None, in the order the desk reports it."""
    if of_other_record:
        return Reason.HOLD_ITEM_OF_OTHER_RECORD
    if not pickup_active:
        return Reason.PICKUP_BRANCH_INACTIVE
    if reader_reasons:
        return reader_reasons[0]
    if has_it_on_loan:
        return Reason.HOLD_ON_OWN_LOAN
    if already_holds:
        return Reason.ALREADY_HOLDS
    if not has_loanable_copy:
        return Reason.NO_LOANABLE_COPY
    if not holds_allowed(terms):
        return Reason.HOLDS_NOT_ALLOWED
    if active_holds >= terms.max_holds:
        return Reason.HOLD_LIMIT
    return None


def holds_allowed(terms: Terms) -> bool:
    return terms.max_holds > 0 and terms.loan_days > 0


def transfer_refusal(
    status: str, *, current_branch_id: int | None, to_branch_id: int, from_branch_id: int | None = None
) -> Reason | None:
    """Why an item in ``status`` at ``current_branch_id`` cannot be sent to another branch, or None;
    ``from_branch_id``: the branch a batch leaves from, which must be where the item is."""
    if current_branch_id == to_branch_id:
        return Reason.SAME_BRANCH
    if status == Item.Status.ON_LOAN:
        return Reason.ITEM_ON_LOAN
    if status == Item.Status.IN_TRANSIT:
        return Reason.ITEM_IN_TRANSIT
    if status != Item.Status.ON_SHELF:
        return Reason.ITEM_NOT_AVAILABLE
    if from_branch_id is not None and current_branch_id != from_branch_id:
        return Reason.WRONG_BRANCH
    return None


def queue_rank(position: int, waiting_positions: Sequence[int]) -> int:
    """A hold's place in its queue, counting from 1, from the positions of all waiting holds."""
    return 1 + sum(1 for p in waiting_positions if p < position)


@dataclass(frozen=True)
class ReminderWindow:
    """Loans due from ``first`` to ``last`` (local days) get reminder ``step`` of ``kind``."""

    kind: str  # a Notice.Kind value: "due_soon" or "overdue"
    step: int
    first: date
    last: date


def reminder_windows(
    today: date, *, due_soon_days: int, overdue_every_days: int, overdue_max: int
) -> list[ReminderWindow]:
    """Due soon: loans due within ``due_soon_days`` (0: no such reminder). Overdue reminder ``k``
    is due ``1 + (k - 1) × every`` days after the due date; each window lasts ``every`` days, so a
    day the job did not run is caught up on the next, and a loan never gets a reminder twice."""
    windows = []
    if due_soon_days:
        windows.append(ReminderWindow("due_soon", 0, today, today + timedelta(days=due_soon_days)))
    for step in range(1, overdue_max + 1):
        last = today - timedelta(days=1 + (step - 1) * overdue_every_days)
        windows.append(ReminderWindow("overdue", step, last - timedelta(days=overdue_every_days - 1), last))
    return windows
