"""Where a service point has no count, its visits are the distinct readers it served that day."""

import random
from datetime import date, timedelta

import pytest

from shuyuan.circulation.models import CirculationEvent
from shuyuan.testing.branches import NOW, make_branch, make_service_point
from shuyuan.visits import queries, services
from shuyuan.visits.tests.factories import local

pytestmark = pytest.mark.django_db


def event(point, kind, at, token):
    CirculationEvent.objects.create(
        at=at, kind=kind, channel="desk", branch=point.branch, service_point=point, reader_token=token
    )


def test_derived_visits_equal_an_independent_count_of_distinct_readers():
    point = make_service_point(make_branch())
    rng = random.Random(17)
    expected: dict[date, set[str]] = {}
    kinds = [CirculationEvent.Kind.CHECKOUT, CirculationEvent.Kind.CHECKIN, CirculationEvent.Kind.RENEWAL]
    for _ in range(400):
        at = local(2016, 3, 1, 8) + timedelta(days=rng.randrange(5), minutes=rng.randrange(600))
        token = f"r{rng.randrange(60)}"
        event(point, rng.choice(kinds), at, token)
        expected.setdefault(at.date(), set()).add(token)
    # Acts that are not a reader served in person do not count.
    event(point, CirculationEvent.Kind.HOLD_EXPIRED, local(2016, 3, 1, 12), "nobody")
    derived = queries.daily_visits(point, date(2016, 3, 1), date(2016, 3, 5))
    assert {d.day: d.count for d in derived} == {day: len(tokens) for day, tokens in expected.items()}
    assert all(d.is_derived for d in derived)


def test_a_day_with_a_count_shows_the_count_not_the_derived_figure():
    point = make_service_point(make_branch())
    event(point, CirculationEvent.Kind.CHECKOUT, local(2016, 3, 1, 9), "a")
    services.tally(point, amount=30, day=date(2016, 3, 1), at=NOW, by=None)
    [day] = queries.daily_visits(point, date(2016, 3, 1), date(2016, 3, 1))
    assert (day.count, day.is_derived) == (30, False)
