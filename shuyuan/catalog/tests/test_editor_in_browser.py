"""The record editor in a real browser: a CIP block fills the form, the tag editor labels and checks
as the cataloguer types, and the saved record has its copies and call number."""

import pytest

from shuyuan.catalog.models import Record
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.browser import log_in, shot
from shuyuan.testing.catalog import make_collection, make_item_type

pytestmark = pytest.mark.django_db(transaction=True)

CIP = """图书在版编目（CIP）数据
平凡的世界 / 路遥著. —北京：人民文学出版社，2012.3
（茅盾文学奖获奖作品全集）
ISBN 978-7-02-009058-7
Ⅰ.①平… Ⅱ.①路… Ⅲ.①长篇小说—中国—当代 Ⅳ.①I247.5
中国版本图书馆CIP数据核字（2012）第026532号"""


def test_a_cataloguer_fills_a_record_from_its_cip_block_checks_its_marc_and_adds_a_copy(live_server, desk_page):
    branch = make_branch(code="LL01")
    make_collection(branch, code="LL01-ADULT", name="成人外借")
    make_item_type()
    make_staff(Role.CATALOGUING, branch, username="cataloguer")
    page = desk_page
    log_in(page, live_server.url, "cataloguer", "pw")
    page.goto(f"{live_server.url}/catalog/records/new/")
    page.fill("#cip textarea", CIP)
    page.click("#cip button")
    page.wait_for_load_state("networkidle")
    shot(page, "editor-filled-from-cip")
    assert page.input_value("input[name=title]") == "平凡的世界"
    page.click("#form button[type=submit]")
    page.wait_for_load_state("networkidle")
    record = Record.objects.get()
    page.locator("#marc textarea").press("Control+End")
    page.locator("#marc textarea").type("\n801 0? $aCN")
    page.wait_for_selector("#marc-labels .problem")
    page.locator("#marc").scroll_into_view_if_needed()
    shot(page, "editor-marc-checked-as-typed")
    assert "指示符错误" in page.inner_text("#marc-labels")
    assert "正题名" in page.inner_text("#marc-labels")
    page.click("form[action$='call-number/'] button")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=collection]", label="成人外借")
    page.select_option("select[name=item_type]", index=1)
    page.click("#copies form button[type=submit]")
    page.wait_for_load_state("networkidle")
    shot(page, "editor-copy-added")
    assert record.items.get().call_number == "I247.5/1"
