"""A small library with a few rows in two years, and the report made in Chinese."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from shuyuan.branches.models import ServicePoint
from shuyuan.circulation.models import CirculationEvent
from shuyuan.stats.figures import Period
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.visits import services as visit_services
from shuyuan.workreport import documents

CHECKOUT, CHECKIN = CirculationEvent.Kind.CHECKOUT, CirculationEvent.Kind.CHECKIN


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def desk(db) -> ServicePoint:
    branch = make_branch("LL01", name="总馆")
    return make_service_point(branch, code="LL01-DESK", name="外借处", kind=ServicePoint.Kind.LENDING_DESK)


@pytest.fixture
def first_half(desk) -> Period:
    """2016-01-01 – 06-30 with 3 loans, 2 returns and a day of 120 visits; the same days of 2015 with 2 loans."""
    for day in (5, 6, 7):
        make_event(CHECKOUT, local(2016, 3, day), point=desk)
    for day in (8, 9):
        make_event(CHECKIN, local(2016, 3, day), point=desk)
    for day in (10, 11):
        make_event(CHECKOUT, local(2015, 4, day), point=desk)
    visit_services.tally(desk, amount=120, day=date(2016, 3, 5), at=local(2016, 3, 5, 18), by=None)
    return Period(date(2016, 1, 1), date(2016, 6, 30))


@pytest.fixture
def files(first_half) -> documents.Files:
    return documents.make(first_half)
