from datetime import date

from shuyuan.branches.models import Branch, Closure, PublicHoliday
from shuyuan.branches.rules import BranchCalendar, days_between, parse_weekdays


def calendar_for(branch: Branch, first: date, last: date) -> BranchCalendar:
    """The branch's calendar between two days: two queries, whatever the span."""
    schedule = PublicHoliday.objects.filter(date__range=(first, last)).values_list("date", "kind")
    holidays = frozenset(d for d, kind in schedule if kind == PublicHoliday.Kind.HOLIDAY)
    workdays = frozenset(d for d, kind in schedule if kind == PublicHoliday.Kind.WORKDAY)
    closed: set[date] = set()
    for start, end in Closure.objects.filter(branch=branch, first_day__lte=last, last_day__gte=first).values_list(
        "first_day", "last_day"
    ):
        closed |= days_between(start, end)
    return BranchCalendar(
        closed_weekdays=parse_weekdays(branch.closed_weekdays),
        holidays=holidays,
        makeup_workdays=workdays,
        closures=frozenset(closed),
        opens_on_public_holidays=branch.opens_on_public_holidays,
    )


def next_open_day(branch: Branch, day: date) -> date:
    """The first day on or after ``day`` the branch is open, looking up to a year ahead."""
    from datetime import timedelta

    return calendar_for(branch, day, day + timedelta(days=366)).next_open_day(day)
