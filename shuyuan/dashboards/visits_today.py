"""Today's visits for the live board in three grouped queries instead of two per service point.

``figures.value("visits", …)`` asks ``visits.queries.daily_visits`` point by point, about 8 ms of ORM
work each: 40 service points cost 200 ms, four times the board's budget. This reads the same rows for
every point at once and applies the same order (people counters, then desk tallies, then the e-reading
room's sessions, then the distinct readers served); a test holds it equal to the figure."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.circulation.models import CirculationEvent
from shuyuan.visits.models import ComputerSession, VisitCount
from shuyuan.visits.queries import SERVING_KINDS, current_counts


def visits_on(day: date, branch: Branch | None) -> int:
    points = ServicePoint.objects.all()
    if branch is not None:
        points = points.filter(branch=branch)
    kinds = dict(points.values_list("pk", "kind"))
    counter: dict[int, int] = defaultdict(int)
    desk: dict[int, int] = defaultdict(int)
    counts = current_counts().filter(day=day, service_point__in=list(kinds))
    for row in counts.values("service_point", "source").annotate(total=Sum("count")):
        target = desk if row["source"] == VisitCount.Source.DESK else counter
        target[row["service_point"]] += row["total"] or 0
    rooms = [pk for pk, kind in kinds.items() if kind == ServicePoint.Kind.E_READING_ROOM]
    sessions = dict(
        ComputerSession.objects.filter(day=day, service_point__in=rooms)
        .values("service_point")
        .annotate(readers=Count("reader_token", distinct=True))
        .values_list("service_point", "readers")
    )
    start = timezone.make_aware(datetime.combine(day, time.min))
    served = dict(
        CirculationEvent.objects.filter(
            kind__in=SERVING_KINDS, at__gte=start, at__lt=start + timedelta(days=1), service_point__in=list(kinds)
        )
        .exclude(reader_token="")
        .values("service_point")
        .annotate(readers=Count("reader_token", distinct=True))
        .values_list("service_point", "readers")
    )
    total = 0
    for point in kinds:
        for source in (counter, desk, sessions, served):
            if point in source:
                total += source[point]
                break
    return total
