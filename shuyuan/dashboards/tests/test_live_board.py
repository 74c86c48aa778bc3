"""The live board (数据大屏): today's figures of the branch, the busiest hours, new books and coming
activities, as the page and its JSON refresh show them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuyuan.catalog.models import Item
from shuyuan.circulation.models import CirculationEvent
from shuyuan.roles import Role
from shuyuan.stattables.tests.factories import make_event, make_library
from shuyuan.testing.branches import make_staff
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.outreach import make_activity

pytestmark = pytest.mark.django_db
DATA = "/dashboards/live/data.json"


@pytest.fixture
def library():
    return make_library()


def today_at(hour: int):
    return timezone.localtime().replace(hour=hour, minute=5, second=0, microsecond=0)


def test_the_board_counts_todays_loans_and_returns_of_the_branch_only(client, library):
    for _ in range(3):
        make_event(CirculationEvent.Kind.CHECKOUT, today_at(0), point=library.davinci_desk, item=library.history)
    make_event(CirculationEvent.Kind.CHECKIN, today_at(0), point=library.davinci_desk, item=library.history)
    make_event(CirculationEvent.Kind.CHECKOUT, today_at(0), point=library.central_desk, item=library.novel)
    make_event(
        CirculationEvent.Kind.CHECKOUT,
        today_at(0) - timedelta(days=1),
        point=library.davinci_desk,
        item=library.history,
    )
    client.force_login(make_staff(Role.CIRCULATION, library.davinci))
    data = client.get(DATA).json()
    assert (data["loans"], data["returns"]) == (3, 1)


def test_the_busiest_hours_are_todays_loans_and_returns_by_hour(client, library):
    make_event(CirculationEvent.Kind.CHECKOUT, today_at(0), point=library.central_desk, item=library.novel)
    make_event(CirculationEvent.Kind.CHECKIN, today_at(0), point=library.central_desk, item=library.novel)
    client.force_login(make_staff(Role.DIRECTOR, all_branches=True))
    assert [(h["hour"], h["value"]) for h in client.get(DATA).json()["hours"]] == [(0, 2)]


def test_new_books_are_the_titles_put_on_the_shelf_this_month(client, library):
    make_item(make_record("三体"), branch=library.central, created_at=timezone.now())
    make_item(make_record("旧书"), branch=library.central, created_at=timezone.now() - timedelta(days=90))
    make_item(
        make_record("在加工"), branch=library.central, created_at=timezone.now(), status=Item.Status.IN_PROCESSING
    )
    client.force_login(make_staff(Role.DIRECTOR, all_branches=True))
    assert [book["title"] for book in client.get(DATA).json()["new_books"]] == ["三体"]


def test_coming_activities_are_the_public_planned_ones(client, library):
    make_activity("读书沙龙", branch=library.central, at=timezone.now())
    make_activity("内部培训", branch=library.central, at=timezone.now(), is_public=False)
    client.force_login(make_staff(Role.DIRECTOR, all_branches=True))
    assert [a["title"] for a in client.get(DATA).json()["activities"]] == ["读书沙龙"]


def test_the_board_page_shows_the_figures_full_screen_and_refreshes_at_the_asked_pace(client, library):
    make_event(CirculationEvent.Kind.CHECKOUT, today_at(0), point=library.central_desk, item=library.novel)
    client.force_login(make_staff(Role.DIRECTOR, all_branches=True))
    page = client.get("/dashboards/live/", {"every": "5"}).content.decode()
    assert ('id="board-loans">1<' in page, 'data-every="5"' in page, "今日借出" in page, "topbar" in page) == (
        True,
        True,
        True,
        False,
    )


def test_a_branch_account_asking_for_another_branchs_board_gets_its_own(client, library):
    make_event(CirculationEvent.Kind.CHECKOUT, today_at(0), point=library.central_desk, item=library.novel)
    client.force_login(make_staff(Role.CIRCULATION, library.davinci))
    assert client.get(DATA, {"branch": library.central.code}).json()["loans"] == 0
