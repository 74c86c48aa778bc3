"""Reads worth naming: the calendar, the coming activities, attendance, hours."""

from __future__ import annotations

import calendar as months
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from shuyuan.circulation.models import CirculationEvent
from shuyuan.outreach import rules
from shuyuan.outreach.models import Activity, BranchOpening, Kind, Registration, Shift, Training, Volunteer


def with_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Activities with their sign-up and check-in counts, in one statement."""
    return activities.select_related("branch", "service_point__branch").annotate(
        registered=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
    )


def attendance(activity: Activity) -> int:
    """People at an activity: the tickets checked in at the door plus those counted without one."""
    checked_in = getattr(activity, "checked_in", None)
    if checked_in is None:
        checked_in = activity.registrations.filter(checked_in_at__isnull=False).count()
    return int(checked_in) + activity.walk_ins


def status_of(activity: Activity, *, at: datetime) -> rules.SignupStatus:
    """The sign-up status of an activity read by ``with_counts``."""
    return rules.signup_status(
        at,
        needs_signup=activity.needs_signup,
        opens_at=activity.signup_opens_at,
        closes_at=activity.signup_closes_at,
        starts_at=activity.starts_at,
        capacity=activity.capacity,
        waiting_list_size=activity.waiting_list_size,
        registered=activity.registered,  # type: ignore[attr-defined]
        waiting=activity.waiting,  # type: ignore[attr-defined]
    )


def local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(first, time.min))
    return start, timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))


@dataclass(frozen=True)
class CalendarRow:
    activity: Activity
    attendance: int
    status: rules.SignupStatus


@dataclass(frozen=True)
class CalendarLine:
    """One line of the staff calendar, its words already chosen (the page shows up to a year)."""

    pk: int
    title: str
    time: str
    kind: str
    place: str
    signup: str
    attendance: int


def calendar(first: date, last: date, *, at: datetime) -> list[tuple[date, list[CalendarLine]]]:
    """The staff calendar: every activity between two days, grouped by local day.

    On the path bench/outreach names (a year of 1 000 activities on one page): only the columns the
    page shows are read, as tuples, with the three counts in the same statement. Making a model
    instance of each activity, its branch and its service point took longer than the query."""
    start, end = local_bounds(first, last)
    days: dict[date, list[CalendarLine]] = defaultdict(list)
    kinds = {value: str(label) for value, label in Kind.choices}
    statuses = {value: str(label) for value, label in rules.SignupStatus.choices}
    zone = timezone.get_current_timezone()
    rows = (
        Activity.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)),
            waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
            checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .order_by("starts_at", "pk")
        .values_list(
            "pk",
            "title",
            "starts_at",
            "kind",
            "place_name",
            "place_address",
            "service_point__name",
            "service_point__branch__name",
            "branch__name",
            "needs_signup",
            "signup_opens_at",
            "signup_closes_at",
            "capacity",
            "waiting_list_size",
            "walk_ins",
            "registered",
            "waiting",
            "checked_in",
        )
    )
    for (
        pk, title, starts_at, kind, place_name, place_address, point, point_branch, branch, needs_signup,
        opens_at, closes_at, capacity, waiting_list_size, walk_ins, registered, waiting, checked_in,
    ) in rows:  # fmt: skip
        starts = starts_at.astimezone(zone)
        signup = ""
        if needs_signup:
            status = rules.signup_status(
                at,
                needs_signup=True,
                opens_at=opens_at,
                closes_at=closes_at,
                starts_at=starts_at,
                capacity=capacity,
                waiting_list_size=waiting_list_size,
                registered=registered,
                waiting=waiting,
            )
            signup = f"{statuses[status]} {registered}/{capacity or '∞'}"
        if place_name:
            place = f"{place_name}（{place_address}）" if place_address else place_name
        else:
            place = f"{point_branch} · {point}" if point else branch
        line = CalendarLine(pk, title, f"{starts:%H:%M}", kinds.get(kind, kind), place, signup, checked_in + walk_ins)
        days[starts.date()].append(line)
    return sorted(days.items())


@dataclass(frozen=True)
class MonthSummary:
    """One month of the year's plan: how many activities of each kind, their sign-ups and attendance."""

    month: date
    activities: int
    kinds: tuple[tuple[str, int], ...]  # (the kind's label, how many), most first
    registered: int
    attendance: int

    @property
    def kinds_text(self) -> str:
        return " · ".join(f"{label} {n}" for label, n in self.kinds)


def year_summary(year: int) -> list[MonthSummary]:
    """The year page of the staff calendar: twelve months, each with its activities counted by kind,
    its sign-ups and its attendance (checked-in tickets plus people counted without one, as
    ``attendance`` counts them), in two grouped statements. A year of 1 000 activities listed one by
    one took several times the page's target, and grouping by a month computed per row (SQLite calls
    Python for each) most of it (bench/outreach): here the month is a CASE over its local bounds."""
    bounds = [local_bounds(date(year, m, 1), date(year, m, months.monthrange(year, m)[1])) for m in range(1, 13)]
    start, end = bounds[0][0], bounds[-1][1]

    def month_of(field: str) -> Case:
        return Case(*[When(**{f"{field}__lt": bounds[m][1]}, then=Value(m)) for m in range(11)], default=Value(11))

    per_kind = (
        Activity.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(month=month_of("starts_at"))
        .values_list("month", "kind")
        .annotate(n=Count("pk"), walk_ins=Sum("walk_ins"))
        .order_by()
    )
    signups = (
        Registration.objects.filter(activity__starts_at__gte=start, activity__starts_at__lt=end)
        .annotate(month=month_of("activity__starts_at"))
        .values_list("month")
        .annotate(
            registered=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        .order_by()
    )
    labels = {value: str(label) for value, label in Kind.choices}
    kinds: list[dict[str, int]] = [{} for _m in range(12)]
    walk_ins = [0] * 12
    for m, kind, n, people in per_kind:
        kinds[m][labels.get(kind, kind)] = n
        walk_ins[m] += people or 0
    counted = {m: (registered, checked_in) for m, registered, checked_in in signups}
    return [
        MonthSummary(
            month=date(year, m + 1, 1),
            activities=sum(kinds[m].values()),
            kinds=tuple(sorted(kinds[m].items(), key=lambda item: (-item[1], item[0]))),
            registered=counted.get(m, (0, 0))[0],
            attendance=counted.get(m, (0, 0))[1] + walk_ins[m],
        )
        for m in range(12)
    ]


def coming(*, at: datetime, limit: int = 50) -> list[CalendarRow]:
    """The public list: planned public activities that have not ended yet."""
    found = with_counts(
        Activity.objects.filter(is_public=True, status=Activity.Status.PLANNED, ends_at__gte=at)
    ).order_by("starts_at", "pk")[:limit]
    return [CalendarRow(a, attendance(a), status_of(a, at=at)) for a in found]


def shift_hours(shift: Shift) -> Decimal:
    if shift.checked_in_at is None or shift.checked_out_at is None:
        return Decimal("0")
    return rules.hours(shift.checked_in_at, shift.checked_out_at)


def completed_shifts(volunteer: Volunteer, first: date, last: date) -> list[Shift]:
    start, end = local_bounds(first, last)
    return list(
        volunteer.shifts.filter(checked_out_at__isnull=False, checked_in_at__gte=start, checked_in_at__lt=end)
        .select_related("activity", "service_point")
        .order_by("checked_in_at")
    )


def volunteer_hours(volunteer: Volunteer, first: date, last: date) -> Decimal:
    return sum((shift_hours(s) for s in completed_shifts(volunteer, first, last)), Decimal("0"))


def training_hours(year: int) -> list[tuple[Any, Decimal, int]]:
    """Hours of training and study per staff member in a year (岗位培训学时): (user, hours, events)."""
    per: dict[Any, list[Decimal]] = defaultdict(list)
    for training in Training.objects.filter(first_day__year=year).prefetch_related("attendees"):
        for user in training.attendees.all():
            per[user].append(training.hours)
    rows = [(user, sum(hours, Decimal("0")), len(hours)) for user, hours in per.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0].username))


def opening_day(opening: BranchOpening) -> dict[str, int]:
    """A partner branch's figures on its first day, from the rows: loans (checkouts at its service
    points), the readers it served, and the people at its activities that day."""
    start, end = local_bounds(opening.opens_on, opening.opens_on)
    events = CirculationEvent.objects.filter(branch=opening.branch, at__gte=start, at__lt=end)
    loans = events.filter(kind=CirculationEvent.Kind.CHECKOUT).count()
    readers = events.exclude(reader_token="").values("reader_token").distinct().count()
    activities = with_counts(Activity.objects.filter(branch=opening.branch, starts_at__gte=start, starts_at__lt=end))
    return {"loans": loans, "readers": readers, "activity_attendance": sum(attendance(a) for a in activities)}


def public_activity(pk: int) -> Activity | None:
    """A public activity with its sign-up counts, or None."""
    return with_counts(Activity.objects.filter(is_public=True, pk=pk)).first()
