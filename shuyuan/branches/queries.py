from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from shuyuan.branches.models import Branch, Closure, OpeningHours, PublicHoliday, ServicePoint
from shuyuan.branches.rules import MAX_CLOSED_RUN, BranchCalendar, NoOpenDay, days_between, parse_weekdays
from shuyuan.branches.rules import last_open_moment as last_open_moment_in


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


def last_open_moment(service_point: ServicePoint, emptied_at: datetime) -> datetime:
    """The last moment before ``emptied_at`` at which ``service_point`` was open, by its branch's
    calendar and its opening hours: the time a book drop emptied then dates its returns to."""
    local = timezone.localtime(emptied_at)
    calendar = calendar_for(service_point.branch, local.date() - timedelta(days=MAX_CLOSED_RUN), local.date())
    hours: defaultdict[int, list[tuple[time, time]]] = defaultdict(list)
    for weekday, opens, closes in OpeningHours.objects.filter(service_point=service_point).values_list(
        "weekday", "opens_at", "closes_at"
    ):
        hours[weekday].append((opens, closes))
    return last_open_moment_in(local, calendar, hours)
