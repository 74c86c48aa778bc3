"""Desk tallies and corrections: every figure stays, a correction replaces without overwriting."""

from datetime import date

import pytest

from shuyuan.branches.models import ServicePoint
from shuyuan.testing.branches import NOW
from shuyuan.visits import queries, services
from shuyuan.visits.errors import Reason, VisitsRefused
from shuyuan.visits.models import VisitCount
from shuyuan.visits.tests.factories import make_room

pytestmark = pytest.mark.django_db
DAY = date(2016, 3, 1)


@pytest.fixture
def room() -> ServicePoint:
    return make_room(ServicePoint.Kind.LOCAL_DOCUMENTS_ROOM)


def test_each_press_of_the_tally_is_kept_and_the_day_adds_them_up(room):
    for amount in (1, 1, 10):
        services.tally(room, amount=amount, day=DAY, at=NOW, by=None)
    assert VisitCount.objects.count() == 3
    assert queries.daily_visits(room, DAY, DAY)[0].count == 12


def test_a_correction_keeps_the_old_figure_as_history(room):
    wrong = services.tally(room, amount=10, day=DAY, at=NOW, by=None)
    right = services.correct(wrong, new_count=1, at=NOW, by=None, note="多按了一次")
    history = queries.count_history(room, DAY)
    assert [(r.count, r.revision) for r in history] == [(10, 1), (1, 2)]
    assert right.replaces == wrong and VisitCount.objects.get(pk=wrong.pk).count == 10
    assert queries.total_visits(room, DAY, DAY) == 1


def test_a_count_corrected_before_cannot_be_corrected_again(room):
    wrong = services.tally(room, amount=10, day=DAY, at=NOW, by=None)
    services.correct(wrong, new_count=1, at=NOW, by=None)
    with pytest.raises(VisitsRefused) as refused:
        services.correct(wrong, new_count=2, at=NOW, by=None)
    assert refused.value.reason == Reason.ALREADY_CORRECTED


def test_a_negative_tally_is_refused_in_chinese(room):
    with pytest.raises(VisitsRefused) as refused:
        services.tally(room, amount=-1, day=DAY, at=NOW, by=None)
    assert refused.value.message == "人次不能为负数。"
    assert not VisitCount.objects.exists()


def test_a_tally_for_a_day_in_the_future_is_refused(room):
    with pytest.raises(VisitsRefused) as refused:
        services.tally(room, amount=5, day=date(2016, 3, 2), at=NOW, by=None)
    assert refused.value.reason == Reason.FUTURE


def test_visits_per_open_hour_divide_by_the_hours_of_the_calendar(room):
    # Open 08:30–21:00 every day: 12.5 hours.
    services.tally(room, amount=25, day=DAY, at=NOW, by=None)
    assert queries.visits_per_open_hour(room, DAY, DAY) == 2.0
