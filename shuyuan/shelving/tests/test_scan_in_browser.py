"""The shelf scanning page in a real browser: scan after scan, each answered on the page, a refused
one with its reason in Chinese while the others go through."""

import pytest
from playwright.sync_api import expect

from shuyuan.catalog.models import Item
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.browser import log_in, shot
from shuyuan.testing.catalog import make_collection, make_item, make_record

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_shelver_puts_back_two_items_and_sees_why_the_third_cannot_go(live_server, desk_page):
    branch = make_branch(code="LL01")
    collection = make_collection(branch, name="成人外借")
    ready = [
        make_item(make_record("平凡的世界"), "LL00000001", collection=collection, status=Item.Status.IN_PROCESSING),
        make_item(make_record("白鹿原"), "LL00000002", collection=collection, status=Item.Status.IN_PROCESSING),
    ]
    make_item(make_record("活着"), "LL00000003", collection=collection, status=Item.Status.ON_LOAN)
    make_staff(Role.CATALOGUING, branch, username="shelver")
    page = desk_page
    log_in(page, live_server.url, "shelver", "pw")
    page.goto(f"{live_server.url}/shelving/scan/")
    page.select_option("select[name=action]", "shelve")
    for barcode in ("LL00000001", "LL00000002", "LL00000003"):
        page.fill("input[name=code]", barcode)
        page.press("input[name=code]", "Enter")
        expect(page.locator("#scans tbody tr").first).to_contain_text(barcode)
    expect(page.locator("#scans tr.refused")).to_contain_text("该单册已借出：请先在外借处归还。")
    expect(page.locator("#scans tr.done")).to_have_count(2)
    expect(page.locator("input[name=code]")).to_be_focused()
    expect(page.locator("select[name=action]")).to_have_value("shelve")
    shot(page, "shelf-scan-after-three-scans")
    assert [Item.objects.get(pk=item.pk).status for item in ready] == [Item.Status.ON_SHELF] * 2
