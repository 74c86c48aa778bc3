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
