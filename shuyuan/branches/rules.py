"""Opening-day policy as pure functions of plain values; circulation uses it for due dates."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
