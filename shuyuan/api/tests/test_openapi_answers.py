"""The OpenAPI document tells the truth: every status the API answers is documented, and every
error answer is JSON with a Chinese ``detail`` and a ``reason`` (issue 20.11)."""

from typing import Any

import pytest
from django.test import Client

from shuyuan.api.api import api
from shuyuan.devices.models import Device
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category

pytestmark = pytest.mark.django_db
REGISTRATIONS = "/api/patrons/registrations"


def documented(path: str, method: str) -> set[int]:
    return {int(status) for status in api.get_openapi_schema()["paths"][path][method]["responses"]}


@pytest.fixture
def kiosk_key() -> str:
    make_category()
    branch = make_branch(code="B1")
    return make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))[1]


def post(key: str, body: Any, **headers: Any) -> Any:
    return Client().post(REGISTRATIONS, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_validation_error_carries_a_reason(kiosk_key: str) -> None:
    response = post(kiosk_key, {"id_number": "1"})
    assert (response.status_code, response.json()["reason"]) == (422, "invalid_request")


def test_an_oversized_body_gets_a_json_answer(kiosk_key: str) -> None:
    response = post(kiosk_key, '{"name": "' + "x" * 3_000_000 + '"}')
    assert (response.status_code, response.json()["reason"]) == (413, "body_too_large")


def test_an_unparsable_body_is_answered_in_chinese(kiosk_key: str) -> None:
    response = post(kiosk_key, "{")
    assert (response.status_code, response.json()["detail"]) == (400, "请求内容不是有效的 JSON。")


def test_every_status_the_registration_endpoint_gives_is_documented(kiosk_key: str) -> None:
    other = make_device(Device.Kind.PEOPLE_COUNTER, make_branch())[1]
    given = {
        post("wrong", {}).status_code,
        post(other, {"name": "王五", "id_number": "1"}).status_code,
        post(kiosk_key, "{").status_code,
        post(kiosk_key, {"id_number": "1"}).status_code,
        post(kiosk_key, '{"name": "' + "x" * 3_000_000 + '"}').status_code,
        post(kiosk_key, {"name": "王\u0000五", "id_number": "1"}).status_code,
    }
    assert given - documented(REGISTRATIONS, "post") == set()


def test_every_status_the_opening_endpoint_gives_is_documented(kiosk_key: str) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {kiosk_key}")
    given = {
        Client().get("/api/branches/B1/opening").status_code,
        client.get("/api/branches/B1/opening").status_code,
        client.get("/api/branches/NOPE/opening").status_code,
        client.get("/api/branches/B%001/opening").status_code,
    }
    assert given - documented("/api/branches/{code}/opening", "get") == set()
