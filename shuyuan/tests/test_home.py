import pytest

from shuyuan.home import figures_for
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def labels(role: str) -> list[str]:
    return [str(label) for label, _value in figures_for(make_staff(role, make_branch()))]


def test_the_director_sees_every_figure_in_the_listed_order():
    assert labels(Role.DIRECTOR) == ["分馆", "服务点", "在用设备", "书目", "单册", "有效读者", "在借册数", "逾期未还"]


def test_a_role_sees_only_the_figures_its_permissions_allow():
    assert labels(Role.CATALOGUING) == ["分馆", "服务点", "书目", "单册"]


def test_the_readers_figure_counts_active_readers():
    make_patron()
    figures = dict((str(label), value) for label, value in figures_for(make_staff(Role.DIRECTOR, all_branches=True)))
    assert figures["有效读者"] == 1
