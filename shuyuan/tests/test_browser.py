"""The browser stack itself: Debian's Chromium, driven by Playwright, against the live test server."""

import pytest

from shuyuan.branches.models import Branch
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.browser import log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_logs_in_and_sees_the_staff_home_in_chinese(live_server, desk_page):
    branch: Branch = make_branch()
    make_staff(Role.CIRCULATION, branch, username="clerk")
    log_in(desk_page, live_server.url, "clerk", "pw")
    shot(desk_page, "staff-home-after-login")
    assert desk_page.locator("html").get_attribute("lang") == "zh-hans"
    assert "退出" in desk_page.content()
