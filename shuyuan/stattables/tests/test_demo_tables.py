"""The demo's saved tables: the statistics desk's, shared, one e-mailed monthly."""

import pytest

from shuyuan.demo import DemoContext
from shuyuan.roles import Role
from shuyuan.stattables import demo
from shuyuan.stattables.models import SavedTable, Schedule
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db


def test_the_demo_saves_each_table_for_the_statistics_account_with_one_monthly_mail():
    owner = make_staff(Role.STATISTICS, make_branch(), all_branches=True, username="statistics")
    demo.load(DemoContext(small=True, say=lambda _text: None))
    saved = SavedTable.objects.filter(owner=owner, is_shared=True)
    assert sorted(saved.values_list("name", flat=True)) == sorted(name for name, _data in demo.TABLES)
    assert list(Schedule.objects.values_list("table__name", "frequency")) == [(demo.MONTHLY, "monthly")]
