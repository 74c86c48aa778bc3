"""Query parameters and text input are checked one way for every page: no value gives a server
error, and control characters such as NUL are refused on both engines (issue 20.9)."""

import json

import pytest
from django.test import Client

from shuyuan.devices.models import Device
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import make_branch, make_service_point, make_staff
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category

pytestmark = pytest.mark.django_db


def director() -> Client:
    client = Client()
    client.force_login(make_staff("director", make_branch(), all_branches=True))
    return client


@pytest.mark.parametrize("year", ["abc", "-1", "0", "99999999", "1e3", "２０１６", "2016.5"])
def test_any_year_on_the_calendar_page_shows_a_calendar(year: str) -> None:
    assert director().get("/branches/calendar/", {"year": year}).status_code == 200


def test_a_thirty_digit_page_number_in_the_catalogue_search_is_no_error() -> None:
    assert director().get("/catalog/search/", {"q": "红楼梦", "page": "9" * 30}).status_code == 200


@pytest.mark.parametrize("YEAR", ["99999", "0", "-5", "abc", "9" * 30])
def test_an_out_of_range_year_in_the_admin_event_list_is_no_error(YEAR: str) -> None:
    assert director().get("/admin/circulation/circulationevent/", {"at__year": YEAR}).status_code < 500


def test_a_nul_byte_in_a_query_parameter_is_refused() -> None:
    response = director().get("/patrons/deposits/", {"q": "王\x00"})
    assert (response.status_code, "控制字符" in response.content.decode()) == (400, True)


def test_a_nul_byte_in_the_audit_filters_is_refused() -> None:
    assert director().get("/audit/", {"actor": "a\x00"}).status_code == 400


def test_a_nul_byte_in_an_api_path_is_refused_in_json() -> None:
    response = Client().get("/api/branches/A%00/opening")
    assert (response.status_code, response.json()["reason"]) == (400, "control_characters")


def test_a_nul_byte_in_a_kiosk_name_is_refused_and_nothing_is_stored() -> None:
    make_category()
    branch = make_branch()
    _device, key = make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))
    body = json.dumps({"name": "王\u0000五", "id_number": "430281199004053331"})
    response = Client().post(
        "/api/patrons/registrations", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert (response.status_code, Patron.objects.count()) == (400, 0)


def test_a_control_character_in_a_form_field_is_refused() -> None:
    assert Client().post("/patrons/join/", {"name": "王\x1b五"}).status_code == 400


def test_a_line_break_in_a_form_field_is_allowed() -> None:
    assert Client().post("/patrons/join/", {"name": "王\r\n五"}).status_code != 400
