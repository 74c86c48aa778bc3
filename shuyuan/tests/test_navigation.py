import pytest
from django.urls import reverse

from shuyuan.navigation import MENU, menu_for
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db

WORK_AREAS = ["外借", "采编", "采访与期刊", "阅览", "活动", "统计", "管理"]


def test_the_menu_lists_the_work_areas_in_their_order():
    assert [str(area.label) for area in MENU] == WORK_AREAS


def test_every_menu_item_names_a_page_that_exists():
    for area in MENU:
        for item in area.items:
            assert reverse(item.url_name).startswith("/")


def test_a_circulation_clerk_sees_the_lending_area_and_not_the_audit_log():
    menu = menu_for(make_staff(Role.CIRCULATION, make_branch()))
    labels = {str(area["label"]): [str(item["label"]) for item in area["items"]] for area in menu}
    assert "读者" in labels["外借"]
    assert "审计日志" not in labels.get("管理", [])


def test_an_area_with_nothing_the_person_may_open_is_not_shown():
    menu = menu_for(make_staff(Role.ACTIVITIES, make_branch()))
    assert "采编" not in [str(area["label"]) for area in menu]


def test_the_staff_pages_show_the_menu_grouped_by_work_area(client):
    client.force_login(make_staff(Role.DIRECTOR, make_branch()))
    body = client.get("/staff/").content.decode()
    lending, cataloguing, administration = (body.index(f">{name}<") for name in ("外借", "采编", "管理"))
    assert lending < body.index(">读者<") < cataloguing < body.index(">书目检索<") < administration
