"""The demo's visits: each reading room adds up to the seed's figure from 2016-01-01 to 06-12."""

from datetime import date

import pytest

from shuyuan.branches import demo as branches_demo
from shuyuan.branches.models import ServicePoint
from shuyuan.demo import DemoContext
from shuyuan.devices import demo as devices_demo
from shuyuan.testing.patrons import make_patron, resident_id
from shuyuan.visits import demo, queries
from shuyuan.visits.models import ComputerSession

pytestmark = pytest.mark.django_db
FIRST, LAST = date(2016, 1, 1), date(2016, 6, 12)


@pytest.fixture
def loaded() -> None:
    ctx = DemoContext(small=True, say=lambda _line: None)
    branches_demo.load(ctx)
    devices_demo.load(ctx)
    # A few readers stand for the patrons demo's 40 000 (the e-reading room's sessions need readers).
    for n in range(10):
        make_patron(f"读者{n}", id_number=resident_id(date(1990 + n, 3, 4), sequence=100 + n))
    demo.load(ctx)


def test_each_room_adds_up_to_the_seeds_figure(loaded):
    totals = {p.code: queries.total_visits(p, FIRST, LAST) for p in ServicePoint.objects.filter(code__in=demo.FIGURES)}
    assert totals == {code: small for code, (_full, small) in demo.FIGURES.items()}


def test_the_e_reading_room_counts_its_sessions_each_reader_once_a_day(loaded):
    point = ServicePoint.objects.get(code="LL01-EREAD")
    pairs = set(ComputerSession.objects.filter(day__range=(FIRST, LAST)).values_list("reader_token", "day"))
    assert ComputerSession.objects.filter(day__range=(FIRST, LAST)).count() > len(pairs)
    assert queries.total_visits(point, FIRST, LAST) == len(pairs)


def test_the_e_resources_report_the_electronic_lendings(loaded):
    assert queries.electronic_lendings(date(2016, 1, 1), date(2016, 6, 30)) == demo.E_LENDINGS[1]
