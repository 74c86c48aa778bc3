"""A registration kiosk's key is no look-up service: about a reader registered before it learns a
masked name at most, only when the name matches, within an hourly limit, and audited (issue 20.2)."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from shuyuan.audit.models import AuditEntry
from shuyuan.devices.models import Device
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category, make_patron, resident_id

pytestmark = pytest.mark.django_db
URL = "/api/patrons/registrations"
NUMBER = resident_id(date(1990, 4, 5), sequence=445)


@pytest.fixture
def kiosk() -> tuple[Device, str]:
    make_category()
    make_patron("王五", id_number=NUMBER)
    branch = make_branch()
    return make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))


def ask(key: str, **fields: Any) -> Any:
    body = {"name": "王五", "id_number": NUMBER, "sex": "男", "birth_date": "1990-04-05", "pin": "246810", **fields}
    return Client().post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_registered_reader_is_answered_with_a_masked_name(kiosk: tuple[Device, str]) -> None:
    assert ask(kiosk[1]).json()["name"] == "王*"


def test_a_registered_reader_is_answered_without_card_number_or_expiry(kiosk: tuple[Device, str]) -> None:
    answer = ask(kiosk[1]).json()
    assert (answer["card_number"], answer["expires_on"]) == (None, None)


def test_a_name_that_does_not_match_the_record_is_refused(kiosk: tuple[Device, str]) -> None:
    response = ask(kiosk[1], name="随便")
    assert (response.status_code, response.json()["reason"]) == (422, "name_mismatch")


def test_every_look_up_is_audited_with_the_kiosk(kiosk: tuple[Device, str]) -> None:
    ask(kiosk[1], name="随便")
    ask(kiosk[1])
    entries = AuditEntry.objects.filter(action="patron.kiosk_lookup").order_by("id")
    assert [e.detail for e in entries] == [
        {"device": kiosk[0].username, "refused": "name_mismatch"},
        {"device": kiosk[0].username, "refused": ""},
    ]


def test_a_kiosk_past_its_hourly_look_ups_is_refused(kiosk: tuple[Device, str], settings: Any) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"KIOSK_LOOKUPS_PER_HOUR": 2}}
    answers = [ask(kiosk[1]).json().get("reason", "") for _ in range(3)]
    assert answers == ["", "", "too_many_lookups"]


def test_the_look_up_limit_counts_per_kiosk(kiosk: tuple[Device, str], settings: Any) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"KIOSK_LOOKUPS_PER_HOUR": 1}}
    ask(kiosk[1])
    other = make_device(Device.Kind.REGISTRATION_KIOSK, kiosk[0].branch, kiosk[0].service_point, name="另一台")
    assert ask(other[1]).status_code == 200
