"""The lobby's live board refreshes itself in Chromium: a loan made after it opened appears on it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shuyuan.circulation.models import CirculationEvent
from shuyuan.roles import Role
from shuyuan.stattables.tests.factories import make_event, make_library
from shuyuan.testing.branches import make_staff
from shuyuan.testing.browser import log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_live_board_shows_a_new_loan_without_being_reloaded(live_server, desk_page):
    library = make_library()
    make_staff(Role.CIRCULATION, library.central, username="waijie")
    page = desk_page

    log_in(page, live_server.url, "waijie", "pw")
    page.goto(f"{live_server.url}/dashboards/live/?every=1")
    expect(page.locator("#board-loans")).to_have_text("0")
    make_event(CirculationEvent.Kind.CHECKOUT, timezone.now(), point=library.central_desk, item=library.novel)
    expect(page.locator("#board-loans")).to_have_text("1", timeout=10_000)
    expect(page.locator("#board-hours li")).to_have_count(1)
    shot(page, "live-board")
