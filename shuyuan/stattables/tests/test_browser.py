"""Staff build a table in Chromium, save it and download it as Excel."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from shuyuan.roles import Role
from shuyuan.stattables.tests.factories import lend_many, local, make_library
from shuyuan.testing.branches import make_staff
from shuyuan.testing.browser import log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_statistician_builds_saves_and_exports_a_table(live_server, desk_page):
    library = make_library()
    lend_many(library.novel, library.central_desk, 3, local(2016, 3, 2))
    lend_many(library.history, library.davinci_desk, 2, local(2016, 3, 3))
    make_staff(Role.STATISTICS, all_branches=True, username="tongji")
    page = desk_page

    log_in(page, live_server.url, "tongji", "pw")
    page.goto(f"{live_server.url}/tables/")
    page.select_option("#measure", "loans")
    page.locator("select[name=by]").first.select_option("branch")
    page.select_option("#period", "custom")
    page.fill("input[name=first]", "2016-03-01")
    page.fill("input[name=last]", "2016-03-31")
    page.click("#make-table")
    expect(page.locator("table.result tfoot")).to_contain_text("5")
    expect(page.locator("table.result tbody")).to_contain_text("达芬奇画室分馆")
    shot(page, "stattables-built")

    page.fill("#table-name", "三月各馆外借")
    page.click("#save-table button[type=submit]")
    expect(page.locator("h1")).to_contain_text("三月各馆外借")
    expect(page.locator("table.result tbody")).to_contain_text("总馆")
    shot(page, "stattables-saved")

    with page.expect_download() as download:
        page.click("#export-xlsx")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert ("总馆" in values, 3 in values, "达芬奇画室分馆" in values, 2 in values) == (True, True, True, True)
