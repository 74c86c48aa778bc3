from datetime import date, timedelta

import pytest
from django.core.management import call_command

from shuyuan.circulation.models import CirculationEvent
from shuyuan.stats import figures, rollups
from shuyuan.stats.figures import Period
from shuyuan.stats.models import DailyCount, RollupState
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_service_point

pytestmark = pytest.mark.django_db
Kind = CirculationEvent.Kind
MARCH = Period(date(2016, 3, 1), date(2016, 3, 31))


def built_through() -> date | None:
    return RollupState.objects.get().built_through


def test_the_build_ends_yesterday():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 1), point=point)
    rollups.run(today=date(2016, 3, 10))
    assert built_through() == date(2016, 3, 9)


def test_a_stopped_build_resumes_with_the_next_day():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 1), point=point)
    first = rollups.run(today=date(2016, 3, 10), limit=3)
    second = rollups.run(today=date(2016, 3, 10))
    assert first.built == [date(2016, 3, 1), date(2016, 3, 2), date(2016, 3, 3)]
    assert second.built[0] == date(2016, 3, 4) and built_through() == date(2016, 3, 9)


def test_a_figure_read_from_the_rollups_adds_today_live_from_the_rows():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 2), point=point)
    rollups.run(today=date(2016, 3, 5))
    make_event(Kind.CHECKOUT, local(2016, 3, 5, 9), point=point)
    DailyCount.objects.filter(measure="loans", dimension="").update(value=100)  # read from the cells, not the rows
    assert figures.value("loans", MARCH) == 101


def test_a_back_dated_act_is_counted_before_the_next_build_and_built_by_it():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 2), point=point)
    rollups.run(today=date(2016, 3, 5))
    make_event(Kind.CHECKOUT, local(2016, 3, 2, 15), point=point)  # an offline kiosk's transaction, sent late
    assert figures.value("loans", MARCH) == 2
    report = rollups.run(today=date(2016, 3, 6))
    assert report.rebuilt == [date(2016, 3, 2)]
    assert DailyCount.objects.get(measure="loans", dimension="", day=date(2016, 3, 2)).value == 2


def test_a_breakdown_by_hour_and_month_comes_from_the_cells():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 2, 9), point=point)
    make_event(Kind.CHECKOUT, local(2016, 3, 3, 9), point=point)
    make_event(Kind.CHECKOUT, local(2016, 3, 3, 14), point=point)
    rollups.run(today=date(2016, 4, 1))
    rows = figures.breakdown("loans", MARCH, ["month", "hour"])
    assert [(r.key, r.value) for r in rows] == [(("2016-03", "9"), 2), (("2016-03", "14"), 1)]


def test_the_command_says_what_it_built():
    from io import StringIO

    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 1), point=point)
    out = StringIO()
    call_command("stats_rollup", "--today", "2016-03-03", stdout=out)
    assert "2016-03-02" in out.getvalue()


def test_each_built_day_holds_the_cells_a_rebuild_would_give():
    point = make_service_point()
    for n in range(5):
        make_event(Kind.CHECKOUT, local(2016, 3, 1) + timedelta(days=n, hours=n), point=point)
    rollups.run(today=date(2016, 3, 8))
    for day in Period(date(2016, 3, 1), date(2016, 3, 7)).each_day():
        stored = sorted(DailyCount.objects.filter(day=day).values_list("measure", "dimension", "key", "value"))
        assert stored == sorted((c.measure, c.dimension, c.key, c.value) for c in rollups.cells_of_day(day))
