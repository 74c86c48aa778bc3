"""The registration kiosk's API: authentication, scoping, idempotency and every error answer."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from shuyuan.devices.models import Device
from shuyuan.patrons.models import Patron, PatronCategory, RegistrationEvent
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category, make_child_category, make_patron, resident_id

pytestmark = pytest.mark.django_db
URL = "/api/patrons/registrations"
NUMBER = resident_id(date(1990, 4, 5), sequence=333)
# The API runs on the real clock: a child is eight years old whenever the tests run.
CHILD_BORN = date(date.today().year - 8, 1, 1)


@pytest.fixture
def kiosk() -> tuple[Device, str]:
    make_category()
    branch = make_branch()
    return make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))


def post(key: str, **fields: Any) -> Any:
    body = {
        "name": "王五",
        "id_number": NUMBER,
        "sex": "男",
        "birth_date": "1990-04-05",
        "phone": "13800001111",
        "pin": "246810",
        "issuing_authority": "醴陵市公安局",
        **fields,
    }
    return Client().post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_kiosk_registers_a_new_reader(kiosk: tuple[Device, str]) -> None:
    response = post(kiosk[1])
    assert (response.status_code, response.json()["created"]) == (201, True)


def test_the_answer_gives_the_card_number_and_a_chinese_message(kiosk: tuple[Device, str]) -> None:
    answer = post(kiosk[1]).json()
    assert answer["card_number"] in answer["message"] and "读者证" in answer["message"]


def test_the_reader_belongs_to_the_kiosks_branch(kiosk: tuple[Device, str]) -> None:
    post(kiosk[1])
    assert Patron.objects.get().home_branch == kiosk[0].branch


def test_the_registration_event_names_the_kiosk(kiosk: tuple[Device, str]) -> None:
    post(kiosk[1])
    event = RegistrationEvent.objects.get()
    assert (event.channel, event.device, event.service_point) == ("kiosk", kiosk[0], kiosk[0].service_point)


def test_the_same_person_again_is_told_they_are_registered(kiosk: tuple[Device, str]) -> None:
    post(kiosk[1])
    again = post(kiosk[1])
    assert (again.status_code, again.json()["created"], again.json()["message"]) == (
        200,
        False,
        "您已办理过读者证，未重复办证。您的身份证可以直接当读者证使用。",
    )


def test_the_same_person_again_makes_no_second_record(kiosk: tuple[Device, str]) -> None:
    post(kiosk[1])
    post(kiosk[1])
    assert Patron.objects.count() == 1


def test_a_request_without_a_key_is_unauthorised(kiosk: tuple[Device, str]) -> None:
    response = Client().post(URL, {"name": "王五", "id_number": NUMBER}, content_type="application/json")
    assert response.status_code == 401


def test_a_wrong_key_is_unauthorised(kiosk: tuple[Device, str]) -> None:
    assert post(kiosk[1] + "x").status_code == 401


def test_a_disabled_kiosk_is_unauthorised(kiosk: tuple[Device, str]) -> None:
    Device.objects.filter(pk=kiosk[0].pk).update(is_enabled=False)
    assert post(kiosk[1]).status_code == 401


def test_a_self_check_kiosk_may_not_register_readers(kiosk: tuple[Device, str]) -> None:
    _device, key = make_device(Device.Kind.SIP2_KIOSK, make_branch())
    assert post(key).status_code == 403


def test_an_invalid_id_number_is_answered_with_its_precise_reason(kiosk: tuple[Device, str]) -> None:
    response = post(kiosk[1], id_number=NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"))
    assert (response.status_code, response.json()["reason"]) == (422, "id_wrong_check_digit")


def test_an_invalid_id_number_is_answered_in_chinese(kiosk: tuple[Device, str]) -> None:
    response = post(kiosk[1], id_number=NUMBER[:10])
    assert response.json()["detail"] == "号码为10位，居民身份证号码应为18位（旧版15位）。"


def test_a_card_whose_sex_disagrees_with_the_number_is_refused(kiosk: tuple[Device, str]) -> None:
    response = post(kiosk[1], sex="女")
    assert (response.status_code, response.json()["reason"]) == (422, "data_mismatch")


def test_a_card_whose_birth_date_disagrees_with_the_number_is_refused(kiosk: tuple[Device, str]) -> None:
    assert post(kiosk[1], birth_date="1990-04-06").json()["reason"] == "data_mismatch"


def test_an_expired_id_card_is_refused(kiosk: tuple[Device, str]) -> None:
    assert post(kiosk[1], valid_until="2001-01-01").json()["reason"] == "document_expired"


def test_a_passport_is_sent_to_the_desk(kiosk: tuple[Device, str]) -> None:
    response = post(kiosk[1], id_type="passport", id_number="E12345678")
    assert (response.status_code, response.json()["reason"]) == (422, "document_not_accepted_here")


def test_a_trivial_pin_is_refused(kiosk: tuple[Device, str]) -> None:
    assert post(kiosk[1], pin="888888").json()["reason"] == "pin_too_simple"


def test_a_missing_name_is_a_validation_error(kiosk: tuple[Device, str]) -> None:
    response = Client().post(
        URL, {"id_number": NUMBER}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {kiosk[1]}"
    )
    assert response.status_code == 422


def test_a_child_without_a_guardian_is_refused(kiosk: tuple[Device, str]) -> None:
    make_child_category()
    child = resident_id(CHILD_BORN)
    response = post(kiosk[1], id_number=child, sex=None, birth_date=None)
    assert response.json()["reason"] == "guardian_required"


def test_a_child_with_a_consenting_guardian_who_is_a_reader_is_registered(kiosk: tuple[Device, str]) -> None:
    make_child_category()
    parent = make_patron("王大", id_number=resident_id(date(1979, 1, 1)))
    from shuyuan.keys import decrypt

    response = post(
        kiosk[1],
        id_number=resident_id(CHILD_BORN),
        sex=None,
        birth_date=None,
        guardian_id_number=decrypt(parent.id_number_encrypted),
        guardian_consent=True,
    )
    child = Patron.objects.get(card_number=response.json()["card_number"])
    assert (child.guardian, child.category.kind) == (parent, PatronCategory.Kind.CHILD)


def test_an_online_application_is_confirmed_when_the_reader_comes_to_the_kiosk(kiosk: tuple[Device, str]) -> None:
    from shuyuan.testing.branches import NOW

    make_patron("王五", id_number=NUMBER, channel=Patron.Channel.WEB, at=NOW)
    response = post(kiosk[1])
    assert (response.json()["created"], Patron.objects.get().status) == (False, Patron.Status.ACTIVE)
