"""Branches, new arrivals and their feed, the class browse, large type, and the home page."""

from datetime import time, timedelta

from django.test import Client
from django.utils import timezone

from shuyuan.branches.models import Closure, OpeningHours
from shuyuan.testing.branches import make_service_point
from shuyuan.testing.catalog import make_item, make_record

from .conftest import Library


def test_a_branch_page_shows_address_hours_and_coming_closures(client: Client, library: Library) -> None:
    library.branch.address = "醴陵市解放路1号"
    library.branch.save()
    desk = make_service_point(library.branch, name="外借处")
    for weekday in range(7):
        OpeningHours.objects.create(service_point=desk, weekday=weekday, opens_at=time(9), closes_at=time(17))
    closed = timezone.localdate() + timedelta(days=10)
    Closure.objects.create(
        branch=library.branch, first_day=closed, last_day=closed, reason="盘点", created_at=timezone.now()
    )
    page = client.get(f"/libraries/{library.branch.code}/").content.decode()
    assert "醴陵市解放路1号" in page and "外借处" in page and "09:00–17:00" in page
    assert f"{closed.year}年{closed.month}月{closed.day}日" in page


def test_today_is_shown_closed_on_a_closure(client: Client, library: Library) -> None:
    today = timezone.localdate()
    Closure.objects.create(
        branch=library.branch, first_day=today, last_day=today, reason="停电", created_at=timezone.now()
    )
    assert "今日闭馆" in client.get("/libraries/").content.decode()


def test_an_unknown_branch_is_a_404(client: Client, library: Library) -> None:
    assert client.get("/libraries/NOPE/").status_code == 404


def test_new_arrivals_list_the_month_and_its_most_borrowed(client: Client, library: Library) -> None:
    make_item(make_record("三国演义"), branch=library.branch, created_at=timezone.now())
    page = client.get("/new/", {"month": timezone.localdate().strftime("%Y-%m")}).content.decode()
    arrivals, popular = page.split("本月借阅排行")
    assert "三国演义" in arrivals and "红楼梦" not in arrivals  # its first copy came in 2016
    assert "红楼梦" in popular and "三国演义" not in popular


def test_the_atom_feed_lists_the_new_titles(client: Client, library: Library) -> None:
    response = client.get("/new/feed.atom", {"month": "2016-03"})
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>红楼梦</title>" in response.content.decode()


def test_a_bad_month_falls_back_to_this_month(client: Client, library: Library) -> None:
    assert client.get("/new/", {"month": "<script>"}).status_code == 200


def test_the_class_browse_counts_records_per_top_class(client: Client, library: Library) -> None:
    page = client.get("/classes/").content.decode()
    assert "?field=clc&amp;q=I" in page and "(3)" in page


def test_large_type_is_a_cookie_and_a_class_on_the_page(client: Client, library: Library) -> None:
    client.get("/display/", {"on": "1", "next": "/"})
    assert 'class="public large"' in client.get("/").content.decode()
    client.get("/display/", {"on": "0", "next": "/"})
    assert 'class="public"' in client.get("/").content.decode()


def test_the_large_type_switch_never_redirects_elsewhere(client: Client, library: Library) -> None:
    assert client.get("/display/", {"on": "1", "next": "https://evil.example/"})["Location"] == "/"


def test_the_home_page_is_chinese_with_its_lang(client: Client, library: Library) -> None:
    page = client.get("/").content.decode()
    assert 'lang="zh-hans"' in page and "找书" in page


def test_a_branch_page_lists_the_coming_public_activities_of_that_branch(client: Client, library: Library) -> None:
    from shuyuan.testing.branches import make_branch
    from shuyuan.testing.outreach import make_activity

    make_activity("亲子绘本共读", branch=library.branch, at=timezone.now())
    make_activity("别馆的读书沙龙", branch=make_branch("LL09"), at=timezone.now())
    page = client.get(f"/libraries/{library.branch.code}/").content.decode()
    assert ("亲子绘本共读" in page, "别馆的读书沙龙" in page) == (True, False)


def test_every_public_page_leads_to_the_coming_activities(client: Client, library: Library) -> None:
    assert 'href="/activities/">近期活动</a>' in client.get("/search/").content.decode()
