"""The periodicals desk in a real browser: a reading-room clerk scans a cover and the issue is checked in."""

import pytest
from playwright.sync_api import expect

from shuyuan.roles import Role
from shuyuan.serials.models import Issue
from shuyuan.testing.branches import make_staff
from shuyuan.testing.browser import log_in, shot
from shuyuan.testing.serials import make_reading_room, make_subscription

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_scans_a_cover_and_sees_the_issue_checked_in(live_server, desk_page):
    room = make_reading_room()
    subscription = make_subscription(title="湖南教育", issn="0254-4164", service_point=room)
    make_staff(Role.READING_ROOM, room.branch, username="reader-room")
    log_in(desk_page, live_server.url, "reader-room", "pw")
    desk_page.goto(f"{live_server.url}/serials/check-in/?year=2016&month=3")
    desk_page.fill("input[name=code]", "977025441600503")
    desk_page.press("input[name=code]", "Enter")
    expect(desk_page.locator("body")).to_contain_text("已签到：湖南教育 2016年第3期")
    shot(desk_page, "serials-check-in")
    assert subscription.issues.get(first_number=3).status == Issue.Status.RECEIVED
