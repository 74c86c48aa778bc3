"""The public catalogue on a phone (390×844) in headless Chromium, with axe-core on each page.

axe-core 4.11.0 (npm package ``axe-core``, MPL-2.0) is committed minified under tests/assets and
evaluated by Playwright; no download happens when the tests run."""

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shuyuan.catalog.search import index_records
from shuyuan.patrons import ecard
from shuyuan.patrons.queries import resolve
from shuyuan.testing.branches import make_branch
from shuyuan.testing.browser import shot
from shuyuan.testing.catalog import empty_index, make_collection, make_item, make_record
from shuyuan.testing.circulation import lend, make_rule
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).parent / "assets" / "axe-4.11.0.min.js"
AXE_SOURCE = AXE.read_text()
PIN = "802461"


def serious_violations(page: Any) -> list[str]:
    page.evaluate(AXE_SOURCE)  # through the DevTools protocol: the pages' CSP forbids inline scripts
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_a_reader_searches_logs_in_renews_holds_shows_the_ecard_and_suggests_a_book(live_server, phone_page) -> None:  # type: ignore[no-untyped-def]
    empty_index()
    now = timezone.now()
    branch = make_branch(name="总馆")
    collection = make_collection(branch, name="综合书库", shelving_location="二楼")
    make_rule(loan_days=14)
    novel = make_record("红楼梦", responsibility="曹雪芹著", authors="曹雪芹", clc="I242.4")
    other = make_record("西游记", responsibility="吴承恩著", authors="吴承恩", clc="I242.4")
    item = make_item(novel, collection=collection, call_number="I242.4/12")
    make_item(other, collection=collection, call_number="I242.4/20")
    index_records([novel.pk, other.pk])
    reader = make_patron("李四", branch=branch, pin=PIN, at=now)
    lend(item, reader, at=now)
    page, base, problems = phone_page, live_server.url, {}

    page.goto(f"{base}/")
    problems["home"] = serious_violations(page)
    for query in ("红楼梦", "hongloumeng", "hlm"):
        page.fill("#q", query)
        page.press("#q", "Enter")
        expect(page.locator(f"a[href='/record/{novel.pk}/']")).to_have_count(1)
    shot(page, "opac-search-initials")
    problems["search"] = serious_violations(page)
    page.click(f"a[href='/record/{novel.pk}/']")
    expect(page.locator("body")).to_contain_text("总馆二楼 综合书库 I242.4/12")
    shot(page, "opac-record")
    problems["record"] = serious_violations(page)

    page.goto(f"{base}/account/login/")
    problems["login"] = serious_violations(page)
    page.fill("#identifier", reader.card_number)
    page.fill("#pin", PIN)
    page.press("#pin", "Enter")
    page.click("text=续借 >> nth=-1")
    expect(page.locator("body")).to_contain_text("续借成功")
    shot(page, "opac-account-renewed")
    problems["account"] = serious_violations(page)

    page.goto(f"{base}/record/{other.pk}/")
    page.click("button:has-text('预约')")
    expect(page.locator("body")).to_contain_text("排队第 1 位")
    page.click("button:has-text('取消预约')")
    expect(page.locator("body")).to_contain_text("预约已取消")

    page.goto(f"{base}/account/ecard/")
    shot(page, "opac-ecard")
    problems["ecard"] = serious_violations(page)
    value = page.locator(".ecard small").inner_text().strip()
    assert resolve(value) == reader and ecard.is_ecard(value)

    page.goto(f"{base}/account/suggestions/")
    problems["suggestions"] = serious_violations(page)
    page.fill("#title", "三体")
    page.fill("#author", "刘慈欣")
    page.click("#suggestion-form button[type=submit]")
    expect(page.locator("#my-suggestions")).to_contain_text("三体")
    shot(page, "opac-suggestion-sent")
    problems["suggestion sent"] = serious_violations(page)

    page.goto(f"{base}/account/notices/")
    expect(page.locator("legend")).to_have_count(1)
    shot(page, "opac-notices")
    problems["notices"] = serious_violations(page)

    page.goto(f"{base}/display/?on=1&next=/libraries/")
    assert "large" in (page.locator("body").get_attribute("class") or "")
    shot(page, "opac-large-type-libraries")
    problems["large"] = serious_violations(page)
    assert {name: found for name, found in problems.items() if found} == {}
