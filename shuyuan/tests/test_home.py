from datetime import timedelta

import pytest
from django.utils import timezone

from shuyuan.circulation.models import CirculationEvent
from shuyuan.dashboards.models import Snapshot
from shuyuan.home import figures_for
from shuyuan.roles import Role
from shuyuan.stats.tests.factories import make_event
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import make_desk
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def labels(role: str) -> list[str]:
    return [str(label) for label, _value in figures_for(make_staff(role, make_branch()))]


def test_the_director_sees_every_figure_in_the_listed_order():
    assert labels(Role.DIRECTOR) == [
        "分馆",
        "服务点",
        "在用设备",
        "今日借出",
        "今日归还",
        "今日到馆人次",
        "本月借出",
        "有效读者证",
        "馆藏种数",
        "馆藏册数",
    ]


def test_a_role_sees_only_the_figures_its_permissions_allow():
    assert labels(Role.CATALOGUING) == ["分馆", "服务点", "馆藏种数", "馆藏册数"]


def test_the_readers_figure_counts_valid_cards():
    make_patron(at=timezone.now())
    figures = dict((str(label), value) for label, value in figures_for(make_staff(Role.DIRECTOR, all_branches=True)))
    assert figures["有效读者证"] == 1


def loans_today(user) -> int:
    return dict((str(label), value) for label, value in figures_for(user))["今日借出"]


def test_the_home_figures_come_from_a_snapshot_and_not_from_a_new_count_on_each_load():
    desk = make_desk(make_branch())
    user = make_staff(Role.DIRECTOR, all_branches=True)
    make_event(CirculationEvent.Kind.CHECKOUT, timezone.now(), point=desk, item=make_item(branch=desk.branch))
    first = loans_today(user)
    make_event(CirculationEvent.Kind.CHECKOUT, timezone.now(), point=desk, item=make_item(branch=desk.branch))
    assert (first, loans_today(user)) == (1, 1)


def test_a_snapshot_older_than_five_minutes_is_counted_again():
    desk = make_desk(make_branch())
    user = make_staff(Role.DIRECTOR, all_branches=True)
    loans_today(user)
    Snapshot.objects.update(computed_at=timezone.now() - timedelta(minutes=6))
    make_event(CirculationEvent.Kind.CHECKOUT, timezone.now(), point=desk, item=make_item(branch=desk.branch))
    assert loans_today(user) == 1
