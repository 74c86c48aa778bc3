from datetime import date, timedelta

from shuyuan.branches.models import Branch, Closure, PublicHoliday
from shuyuan.branches.rules import MAX_CLOSED_RUN, BranchCalendar, NoOpenDay, days_between, parse_weekdays


def calendar_for(branch: Branch, first: date, last: date) -> BranchCalendar:
    """The branch's calendar between two days: two queries, whatever the span."""
    schedule = PublicHoliday.objects.filter(date__range=(first, last)).values_list("date", "kind")
    holidays = frozenset(d for d, kind in schedule if kind == PublicHoliday.Kind.HOLIDAY)
    workdays = frozenset(d for d, kind in schedule if kind == PublicHoliday.Kind.WORKDAY)
    closed: set[date] = set()
    ranges = tuple(Closure.objects.filter(branch=branch, last_day__gte=first).values_list("first_day", "last_day"))
    for start, end in ranges:
        if start <= last:
            closed |= days_between(max(start, first), min(end, last))
    return BranchCalendar(
        closed_weekdays=parse_weekdays(branch.closed_weekdays),
        holidays=holidays,
        makeup_workdays=workdays,
        closures=frozenset(closed),
        opens_on_public_holidays=branch.opens_on_public_holidays,
        closure_ranges=ranges,
    )


def next_open_day(branch: Branch, day: date) -> date | None:
    """The first day on or after ``day`` the branch is open, after any closure however long; None
    when its weekly rest days leave no open day at all (a configuration error the page shows)."""
    try:
        return calendar_for(branch, day, day + timedelta(days=MAX_CLOSED_RUN)).next_open_day(day)
    except NoOpenDay:
        return None
