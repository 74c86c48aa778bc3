"""The notice-text editor in headless Chromium: the preview follows the typing, names an unknown
placeholder, and a refused text leaves the last good one in use."""

import pytest
from playwright.sync_api import expect

from shuyuan.circulation.models import NoticeTemplate
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.browser import log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_editor_previews_as_staff_type_and_refuses_an_unknown_placeholder(live_server, desk_page):
    make_staff(Role.CIRCULATION, make_branch(name="总馆"), username="clerk")
    log_in(desk_page, live_server.url, "clerk", "pw")
    desk_page.goto(f"{live_server.url}/circulation/notices/templates/due_soon/")
    preview = desk_page.locator("#template-preview")
    expect(preview).to_contain_text("《平凡的世界》")
    shot(desk_page, "notices-01-editor-built-in-text")

    box = desk_page.locator("#template-text")
    box.fill("")
    box.type("亲爱的读者：{books}将于{due}到期，请及时续借。")
    expect(preview).to_contain_text("亲爱的读者：《平凡的世界》将于")
    expect(desk_page.locator("#template-length")).to_contain_text("条短信")
    shot(desk_page, "notices-02-live-preview")

    box.type("{书名}")
    expect(preview).to_contain_text("未知的占位符 {书名}")
    shot(desk_page, "notices-03-unknown-placeholder")
    desk_page.get_by_role("button", name="保存").click()
    expect(desk_page.locator("#template-error")).to_contain_text("仍使用系统内置的文字")
    assert NoticeTemplate.objects.count() == 0

    box = desk_page.locator("#template-text")
    box.fill("亲爱的读者：{books}将于{due}到期。")
    desk_page.get_by_role("button", name="保存").click()
    expect(desk_page.locator("main")).to_contain_text("通知文字已保存")
    shot(desk_page, "notices-04-saved")
    assert NoticeTemplate.objects.get(kind="due_soon").text == "亲爱的读者：{books}将于{due}到期。"
