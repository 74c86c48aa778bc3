"""The year page of the staff calendar: each month's activities by kind, sign-ups and attendance."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from shuyuan.outreach import queries, services
from shuyuan.outreach.models import Activity, Kind
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.outreach import make_activity
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2016, month, day, hour, tzinfo=SHANGHAI)


def test_each_month_counts_its_activities_by_kind_in_local_time():
    make_activity("讲座一", starts_at=on(3, 1), kind=Kind.LECTURE)
    make_activity("讲座二", starts_at=on(3, 31, 23), kind=Kind.LECTURE)  # 15:00 UTC, still March here
    make_activity("展览", starts_at=on(4, 1, 7), kind=Kind.EXHIBITION)  # 23:00 UTC on March 31
    summary = queries.year_summary(2016)
    assert [m.activities for m in summary] == [0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert summary[2].kinds == (("讲座", 2),)
    assert sum(m.activities for m in summary) == Activity.objects.count()


def test_a_months_attendance_is_its_checked_in_tickets_and_its_walk_ins():
    salon = make_activity("读书沙龙", at=on(5, 1), capacity=10)
    first, _second = (services.sign_up(salon, make_patron(), at=on(5, 2), by=None, channel="desk") for _n in range(2))
    services.check_in(salon, first.ticket, at=on(5, 8, 9), by=None)
    Activity.objects.filter(pk=salon.pk).update(walk_ins=7)
    may = queries.year_summary(2016)[4]
    assert (may.registered, may.attendance) == (2, 1 + 7)
    assert may.attendance == queries.attendance(Activity.objects.get(pk=salon.pk))


def test_the_year_page_links_each_month_to_its_own_page(client):
    client.force_login(make_staff(Role.ACTIVITIES, username="huodong"))
    make_activity("换书大会", starts_at=on(4, 24))
    page = client.get("/outreach/?year=2016").content.decode()
    assert 'href="?month=2016-04"' in page
    assert "换书大会" not in page  # the activities one by one are on the month pages
