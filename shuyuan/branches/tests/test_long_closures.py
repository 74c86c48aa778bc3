"""A closure of more than a year (a renovation) keeps the branch list and due dates working, and
absurd ranges are refused with a clear message (issue 20.5)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shuyuan.branches import services
from shuyuan.branches.errors import CalendarRefused, Reason
from shuyuan.branches.models import Closure
from shuyuan.branches.rules import BranchCalendar
from shuyuan.testing.branches import NOW, make_branch, make_staff

RENOVATION = (date(2016, 1, 1), date(2017, 2, 28))  # fourteen months


def renovation_calendar() -> BranchCalendar:
    return BranchCalendar(closure_ranges=(RENOVATION,))


def test_a_due_date_during_a_fourteen_month_closure_is_the_day_the_branch_reopens() -> None:
    assert renovation_calendar().next_open_day(date(2016, 3, 1)) == date(2017, 3, 1)


def test_a_due_date_after_a_long_closure_moves_past_a_closed_weekday_too() -> None:
    calendar = BranchCalendar(closed_weekdays=frozenset({2}), closure_ranges=(RENOVATION,))  # 2017-03-01 is a Wednesday
    assert calendar.next_open_day(date(2016, 3, 1)) == date(2017, 3, 2)


@pytest.mark.django_db
def test_the_branch_list_works_during_a_fourteen_month_closure() -> None:
    branch = make_branch()
    today = timezone.localdate()
    Closure.objects.create(
        branch=branch,
        first_day=today - timedelta(days=10),
        last_day=today + timedelta(days=420),
        reason="装修",
        created_at=NOW,
    )
    client = Client()
    client.force_login(make_staff("circulation", branch))
    response = client.get("/branches/")
    assert (response.status_code, (today + timedelta(days=421)).isoformat() in response.content.decode()) == (200, True)


@pytest.mark.django_db
def test_a_closure_from_year_one_to_year_9999_is_refused() -> None:
    with pytest.raises(CalendarRefused) as refused:
        services.close_branch(
            make_branch(), date(1, 1, 1), date(9999, 12, 31), reason="x", kind="planned", at=NOW, by=None
        )
    assert refused.value.reason == Reason.CLOSURE_TOO_LONG


@pytest.mark.django_db
def test_a_closure_in_a_mistyped_year_is_refused() -> None:
    with pytest.raises(CalendarRefused) as refused:
        services.close_branch(
            make_branch(), date(216, 3, 1), date(216, 3, 2), reason="x", kind="planned", at=NOW, by=None
        )
    assert refused.value.reason == Reason.CLOSURE_OUT_OF_RANGE


@pytest.mark.django_db
def test_the_closure_page_says_why_an_absurd_range_is_refused() -> None:
    branch = make_branch()
    client = Client()
    client.force_login(make_staff("director", branch, all_branches=True))
    form = {"branch": branch.pk, "first_day": "0001-01-01", "last_day": "9999-12-31", "kind": "planned", "reason": "x"}
    page = client.post("/branches/calendar/closures/", form, follow=True).content.decode()
    assert "一次闭馆最长 1098 天" in page


@pytest.mark.django_db
def test_a_closure_reason_with_a_phone_number_is_refused() -> None:
    with pytest.raises(CalendarRefused) as refused:
        services.close_branch(
            make_branch(), date(2016, 3, 1), date(2016, 3, 2), reason="联系13812345678", kind="planned", at=NOW, by=None
        )
    assert refused.value.reason == Reason.PERSONAL_NUMBER_IN_TEXT
