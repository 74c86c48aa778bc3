"""Reads of the visits app: a service point's visits per day with where each figure comes from,
distinct readers served (derived visits), visits per open hour, the e-reading room's board, and
e-resource usage with e-book lendings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.branches.queries import calendar_for
from shuyuan.circulation.models import CirculationEvent
from shuyuan.patrons.models import Patron
from shuyuan.visits import rules
from shuyuan.visits.models import Computer, ComputerSession, EResourceUsage, VisitCount

# The acts in which a desk serves a reader in person: each makes the reader a visitor that day.
SERVING_KINDS = (
    CirculationEvent.Kind.CHECKOUT,
    CirculationEvent.Kind.CHECKIN,
    CirculationEvent.Kind.RENEWAL,
    CirculationEvent.Kind.HOLD_PLACED,
    CirculationEvent.Kind.HOLD_FULFILLED,
    CirculationEvent.Kind.FEE_PAID,
)


class Source:
    COUNTER = "counter"
    DESK = "desk"
    SESSIONS = "sessions"
    DERIVED = "derived"


@dataclass(frozen=True)
class DayVisits:
    day: date
    count: int
    source: str  # one of Source: counters win over desk tallies, tallies over sessions, derived last

    @property
    def is_derived(self) -> bool:
        return self.source == Source.DERIVED


def current_counts():  # type: ignore[no-untyped-def]
    """Counts nothing has corrected."""
    return VisitCount.objects.filter(replaced_by__isnull=True)


def daily_visits(point: ServicePoint, first: date, last: date) -> list[DayVisits]:
    """Visits of each day with a figure, and where it comes from."""
    counted: dict[str, dict[date, int]] = {Source.COUNTER: {}, Source.DESK: {}}
    totals = (
        current_counts()
        .filter(service_point=point, day__range=(first, last))
        .values("day", "source")
        .annotate(total=Sum("count"))
    )
    for row in totals:
        key = Source.DESK if row["source"] == VisitCount.Source.DESK else Source.COUNTER
        counted[key][row["day"]] = counted[key].get(row["day"], 0) + row["total"]
    sessions = session_visits(point, first, last) if point.kind == ServicePoint.Kind.E_READING_ROOM else {}
    derived = distinct_readers_served(point, first, last)
    days = sorted(set(counted[Source.COUNTER]) | set(counted[Source.DESK]) | set(sessions) | set(derived))
    answer = []
    for day in days:
        for source, figures in (
            (Source.COUNTER, counted[Source.COUNTER]),
            (Source.DESK, counted[Source.DESK]),
            (Source.SESSIONS, sessions),
            (Source.DERIVED, derived),
        ):
            if day in figures:
                answer.append(DayVisits(day, figures[day], source))
                break
    return answer


def total_visits(point: ServicePoint, first: date, last: date) -> int:
    return sum(d.count for d in daily_visits(point, first, last))


def branch_visits(branch: Branch, first: date, last: date) -> int:
    """A branch's visits: the sum over its service points, each day's figure from its best source
    (the 达芬奇画室 branch's first day, 2016-07-07, is counted so)."""
    return sum(total_visits(point, first, last) for point in ServicePoint.objects.filter(branch=branch))


def _local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time(), tzinfo=zone), datetime.combine(last + timedelta(days=1), time(), tzinfo=zone)


def distinct_readers_served(point: ServicePoint, first: date, last: date) -> dict[date, int]:
    """Derived visits: the distinct readers a service point served each day, from circulation's
    events (a reader who borrows and returns the same day is one visit)."""
    start, end = _local_bounds(first, last)
    rows = (
        CirculationEvent.objects.filter(service_point=point, kind__in=SERVING_KINDS, at__gte=start, at__lt=end)
        .exclude(reader_token="")
        .values_list("at", "reader_token")
    )
    readers: dict[date, set[str]] = defaultdict(set)
    for at, token in rows.iterator(chunk_size=5000):
        readers[timezone.localdate(at)].add(token)
    return {day: len(tokens) for day, tokens in readers.items()}


def session_visits(point: ServicePoint, first: date, last: date) -> dict[date, int]:
    """The e-reading room's visits: each reader once per day, however many sessions."""
    rows = (
        ComputerSession.objects.filter(service_point=point, day__range=(first, last))
        .values("day")
        .annotate(readers=Count("reader_token", distinct=True))
    )
    return {row["day"]: row["readers"] for row in rows}


def weekly_periods(point: ServicePoint) -> dict[int, list[tuple[time, time]]]:
    periods: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for weekday, opens, closes in point.opening_hours.values_list("weekday", "opens_at", "closes_at"):
        periods[weekday].append((opens, closes))
    return periods


def is_open_on(point: ServicePoint, day: date) -> bool:
    return calendar_for(point.branch, day, day).is_open(day)


def closing_time(point: ServicePoint, day: date) -> datetime | None:
    return rules.closing_time(day, weekly_periods(point), timezone.get_current_timezone())


def hours_open(point: ServicePoint, first: date, last: date) -> float:
    calendar = calendar_for(point.branch, first, last)
    return rules.hours_open(calendar.open_days(first, last), weekly_periods(point))


def visits_per_open_hour(point: ServicePoint, first: date, last: date) -> float | None:
    hours = hours_open(point, first, last)
    return total_visits(point, first, last) / hours if hours else None


def count_history(point: ServicePoint, day: date) -> list[VisitCount]:
    """Every row of the day, corrected ones too, oldest first."""
    return list(
        VisitCount.objects.filter(service_point=point, day=day)
        .select_related("replaced_by")
        .order_by("gate", "interval_start", "revision", "entered_at", "pk")
    )


# The e-reading room -----------------------------------------------------------------------------


def minutes_used(reader_token: str, day: date, *, at: datetime) -> float:
    """Minutes at the computers on ``day``, the open session counted up to ``at``."""
    total = 0.0
    for started, ended in ComputerSession.objects.filter(reader_token=reader_token, day=day).values_list(
        "started_at", "ended_at"
    ):
        total += ((ended or max(at, started)) - started).total_seconds() / 60
    return total


@dataclass(frozen=True)
class BoardRow:
    computer: Computer
    session: ComputerSession | None
    reader_initial: str = ""

    @property
    def is_busy(self) -> bool:
        return self.session is not None


def board(point: ServicePoint) -> list[BoardRow]:
    """The live board: every PC of the room, free or with its open session."""
    sessions = ComputerSession.objects.filter(service_point=point, ended_at__isnull=True)
    open_sessions = {s.computer_id: s for s in sessions}
    names = dict(
        Patron.objects.filter(reader_token__in=[s.reader_token for s in open_sessions.values()]).values_list(
            "reader_token", "name"
        )
    )
    return [
        BoardRow(c, s, (names.get(s.reader_token) or "—")[:1] if s else "")
        for c in Computer.objects.filter(service_point=point)
        for s in [open_sessions.get(c.pk)]
    ]


# Electronic resources ---------------------------------------------------------------------------


def current_usage():  # type: ignore[no-untyped-def]
    return EResourceUsage.objects.filter(source__replaced_by__isnull=True)


def usage_by_platform(first: date, last: date) -> list[dict[str, object]]:
    return list(
        current_usage()
        .filter(month__range=(first.replace(day=1), last))
        .values(platform_name=F("platform__name"), metric_name=F("metric"))
        .annotate(total=Sum("count"))
        .order_by("platform_name", "metric_name")
    )


def electronic_lendings(first: date, last: date) -> int:
    """E-book loans in the months from ``first`` to ``last``, as the platforms report them."""
    total = (
        current_usage()
        .filter(metric=rules.EBOOK_LOANS, month__range=(first.replace(day=1), last))
        .aggregate(n=Sum("count"))["n"]
    )
    return int(total or 0)


@dataclass(frozen=True)
class Lendings:
    print_checkouts: int
    print_checkins: int
    electronic: int

    @property
    def total(self) -> int:
        """借还册次: print loans and returns, and electronic lendings."""
        return self.print_checkouts + self.print_checkins + self.electronic


def lendings(first: date, last: date) -> Lendings:
    start, end = _local_bounds(first, last)
    counts = CirculationEvent.objects.filter(at__gte=start, at__lt=end).aggregate(
        out=Count("pk", filter=Q(kind=CirculationEvent.Kind.CHECKOUT)),
        back=Count("pk", filter=Q(kind=CirculationEvent.Kind.CHECKIN)),
    )
    return Lendings(counts["out"], counts["back"], electronic_lendings(first, last))
