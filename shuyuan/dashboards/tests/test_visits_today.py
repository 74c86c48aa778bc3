"""The live board's grouped count of today's visits equals the statistics figure for every source."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuyuan.circulation.models import CirculationEvent
from shuyuan.dashboards.visits_today import visits_on
from shuyuan.stats.figures import Period, value
from shuyuan.stattables.tests.factories import make_event, make_library
from shuyuan.testing.branches import make_service_point
from shuyuan.visits.models import VisitCount

pytestmark = pytest.mark.django_db


def test_todays_visits_equal_the_figure_with_counters_tallies_and_readers_served():
    library = make_library()
    today, now = timezone.localdate(), timezone.now()
    room = make_service_point(library.central, kind="general_reading_room", name="综合阅览室")
    gate = make_service_point(library.davinci, kind="general_reading_room", name="画室阅览区")
    VisitCount.objects.create(service_point=room, day=today, count=40, source="desk", entered_at=now)
    VisitCount.objects.create(service_point=gate, day=today, count=7, source="desk", entered_at=now)
    VisitCount.objects.create(
        service_point=gate,
        day=today,
        count=12,
        source="counter_device",
        gate="门",
        entered_at=now,
        interval_start=now - timedelta(minutes=30),
        interval_end=now - timedelta(minutes=15),
    )
    for token in ("a", "b", "a"):
        make_event(
            CirculationEvent.Kind.CHECKOUT, now, point=library.central_desk, item=library.novel, reader_token=token
        )
    day = Period(today, today)
    assert (visits_on(today, None), visits_on(today, library.davinci)) == (
        value("visits", day),
        value("visits", day, branch=library.davinci),
    )


def test_todays_visits_are_the_sum_of_each_points_first_source():
    library = make_library()
    today, now = timezone.localdate(), timezone.now()
    VisitCount.objects.create(service_point=library.central_desk, day=today, count=30, source="desk", entered_at=now)
    make_event(CirculationEvent.Kind.CHECKOUT, now, point=library.central_desk, item=library.novel, reader_token="x")
    make_event(CirculationEvent.Kind.CHECKOUT, now, point=library.davinci_desk, item=library.history, reader_token="y")
    assert visits_on(today, None) == 31
