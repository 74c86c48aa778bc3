"""Opening-day policy as pure functions of plain values; circulation uses it for due dates."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MAX_CLOSED_RUN = 366


class NoOpenDay(ValueError):
    """The calendar has no open day within a year: a configuration error, not a reader's problem."""


@dataclass(frozen=True)
class BranchCalendar:
    closed_weekdays: frozenset[int] = frozenset()
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    closures: frozenset[date] = frozenset()
    opens_on_public_holidays: bool = True

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
        """``day`` itself if the branch is open then, otherwise the first open day after it."""
        for offset in range(MAX_CLOSED_RUN + 1):
            candidate = day + timedelta(days=offset)
            if self.is_open(candidate):
                return candidate
        raise NoOpenDay(day)

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
