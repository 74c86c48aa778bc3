"""Opening-day policy as pure functions of plain values; circulation uses it for due dates."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from shuyuan.branches.errors import Reason

MAX_CLOSED_RUN = 366
# A closure may last a long renovation, not forever: the longest one a branch may record.
MAX_CLOSURE_DAYS = 3 * 366


CLOSURE_YEARS_AROUND = 20  # a closure lies within this many years of today (back or ahead)


class NoOpenDay(ValueError):
    """The calendar has no open day within a year beyond its closures: every weekday is a rest day,
    a configuration error, not a reader's problem."""


@dataclass(frozen=True)
class BranchCalendar:
    closed_weekdays: frozenset[int] = frozenset()
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    closures: frozenset[date] = frozenset()
    opens_on_public_holidays: bool = True
    # Closures as (first, last) day ranges, however far they reach: ``next_open_day`` steps over a
    # long closure (a renovation of many months) in one go instead of searching it day by day.
    closure_ranges: tuple[tuple[date, date], ...] = ()

    def is_open(self, day: date) -> bool:
        if day in self.closures:
            return False
        if day in self.holidays:
            return self.opens_on_public_holidays
        # A make-up working day opens a branch that normally rests on that weekday (schools, offices).
        if day in self.makeup_workdays:
            return True
        return day.weekday() not in self.closed_weekdays

    def next_open_day(self, day: date) -> date:
        """``day`` itself if the branch is open then, otherwise the first open day after it: after
        a closure, however long, the day it ends (a loan due while its branch is closed for a
        renovation is due when the branch reopens; any branch takes it back before)."""
        candidate, steps = day, 0
        while steps <= MAX_CLOSED_RUN:
            reopens = self._reopens(candidate)
            if reopens is not None:
                candidate = reopens
                continue
            if self.is_open(candidate):
                return candidate
            candidate += timedelta(days=1)
            steps += 1
        raise NoOpenDay(day)

    def _reopens(self, day: date) -> date | None:
        ends = [last for first, last in self.closure_ranges if first <= day <= last]
        return max(ends) + timedelta(days=1) if ends else None

    def open_days(self, first: date, last: date) -> Iterable[date]:
        day = first
        while day <= last:
            if self.is_open(day):
                yield day
            day += timedelta(days=1)


def parse_weekdays(text: str) -> frozenset[int]:
    return frozenset(int(c) for c in text if c.isdigit() and int(c) <= 6)


def days_between(first: date, last: date) -> frozenset[date]:
    return frozenset(first + timedelta(days=n) for n in range((last - first).days + 1))


def closure_problem(first: date, last: date, *, today: date) -> tuple[Reason, dict[str, Any]] | None:
    """Why a closure from ``first`` to ``last`` cannot be recorded, or None when it can."""
    if last < first:
        return Reason.CLOSURE_REVERSED, {}
    if (last - first).days + 1 > MAX_CLOSURE_DAYS:
        return Reason.CLOSURE_TOO_LONG, {"days": MAX_CLOSURE_DAYS}
    earliest = date(max(today.year - CLOSURE_YEARS_AROUND, 1), 1, 1)
    latest = date(min(today.year + CLOSURE_YEARS_AROUND, 9999), 12, 31)
    if first < earliest or last > latest:
        return Reason.CLOSURE_OUT_OF_RANGE, {"first": earliest.isoformat(), "last": latest.isoformat()}
    return None


Hours = Mapping[int, Sequence[tuple[time, time]]]  # weekday → its opening periods


def last_open_moment(emptied_at: datetime, calendar: BranchCalendar, hours: Hours) -> datetime:
    """The last moment before ``emptied_at`` at which the library was open (a book drop's returns
    are dated to it): ``emptied_at`` itself during opening hours, else the close of the last period
    before it on an open day. A service point without opening hours counts an open day as open all
    day long. Naive times are read in ``emptied_at``'s time zone."""
    tz = emptied_at.tzinfo
    local = emptied_at.astimezone(tz)
    any_hours = any(hours.values())
    for back in range(MAX_CLOSED_RUN + 1):
        day = local.date() - timedelta(days=back)
        if not calendar.is_open(day):
            continue
        periods = hours.get(day.weekday(), ()) if any_hours else [(time.min, time.max)]
        moments = [
            min(datetime.combine(day, closes, tz), emptied_at)
            for opens, closes in periods
            if datetime.combine(day, opens, tz) <= emptied_at
        ]
        if moments:
            return max(moments)
    raise NoOpenDay(local.date())
