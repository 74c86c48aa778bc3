"""Someone else's ID number typed into the online form cannot be claimed: at a kiosk the ID card's
data wins, and the online phone and PIN survive only when their owner confirms them (issue 20.1)."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from shuyuan.audit.models import AuditEntry
from shuyuan.devices.models import Device
from shuyuan.keys import decrypt
from shuyuan.patrons import services
from shuyuan.patrons.models import Patron
from shuyuan.patrons.personal import pin_hash
from shuyuan.testing.branches import NOW, make_branch, make_service_point, make_staff
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category, make_patron, resident_id

pytestmark = pytest.mark.django_db
URL = "/api/patrons/registrations"
NUMBER = resident_id(date(1990, 4, 5), sequence=333)
ATTACKER_PHONE = "13900002222"
ATTACKER_PIN = "135790"


@pytest.fixture
def kiosk() -> tuple[Device, str]:
    make_category()
    branch = make_branch()
    return make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))


def claim(name: str = "王五") -> Patron:
    """What an attacker leaves through the online form: the victim's number, their own phone and PIN."""
    return make_patron(name, id_number=NUMBER, channel=Patron.Channel.WEB, phone=ATTACKER_PHONE, pin=ATTACKER_PIN)


def at_kiosk(key: str, **fields: Any) -> Any:
    body = {"name": "王五", "id_number": NUMBER, "sex": "男", "birth_date": "1990-04-05", "pin": "246810", **fields}
    return Client().post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_kiosk_refuses_a_card_whose_name_differs_from_the_online_application(kiosk: tuple[Device, str]) -> None:
    claim("李四")
    response = at_kiosk(kiosk[1], phone="13800001111", pin="246810")
    assert (response.status_code, response.json()["reason"]) == (422, "application_mismatch")


def test_a_refused_application_stays_pending(kiosk: tuple[Device, str]) -> None:
    claim("李四")
    at_kiosk(kiosk[1], phone="13800001111", pin="246810")
    assert Patron.objects.get().status == Patron.Status.PENDING


def test_staff_see_the_conflict_on_the_reader_page(kiosk: tuple[Device, str]) -> None:
    applicant = claim("李四")
    at_kiosk(kiosk[1])
    client = Client()
    client.force_login(make_staff("circulation", kiosk[0].branch))
    assert "与此网上申请不符" in client.get(f"/patrons/{applicant.pk}/").content.decode()


def test_staff_see_the_conflict_on_the_pending_list(kiosk: tuple[Device, str]) -> None:
    claim("李四")
    at_kiosk(kiosk[1])
    client = Client()
    client.force_login(make_staff("circulation", kiosk[0].branch))
    assert "自助办证机读取的身份证与申请不符" in client.get("/patrons/pending/").content.decode()


def test_the_conflict_is_audited_with_the_kiosk(kiosk: tuple[Device, str]) -> None:
    claim("李四")
    at_kiosk(kiosk[1])
    assert AuditEntry.objects.get(action="patron.application_conflict").detail == {"device": kiosk[0].username}


def test_the_online_pin_does_not_survive_a_kiosk_confirmation(kiosk: tuple[Device, str]) -> None:
    claim()
    at_kiosk(kiosk[1], phone="13800001111", pin="246810")
    patron = Patron.objects.get()
    assert patron.pin_hash != pin_hash(patron.reader_token, ATTACKER_PIN)


def test_the_pin_typed_at_the_kiosk_is_the_readers_pin(kiosk: tuple[Device, str]) -> None:
    claim()
    at_kiosk(kiosk[1], phone="13800001111", pin="246810")
    patron = Patron.objects.get()
    assert patron.pin_hash == pin_hash(patron.reader_token, "246810")


def test_the_phone_typed_at_the_kiosk_replaces_the_online_phone(kiosk: tuple[Device, str]) -> None:
    claim()
    at_kiosk(kiosk[1], phone="13800001111", pin="246810")
    assert decrypt(Patron.objects.get().phone_encrypted) == "13800001111"


def test_no_phone_typed_at_the_kiosk_discards_the_online_phone(kiosk: tuple[Device, str]) -> None:
    claim()
    at_kiosk(kiosk[1])
    patron = Patron.objects.get()
    assert (patron.phone_encrypted, patron.status) == ("", Patron.Status.ACTIVE)


def test_the_card_confirmed_at_the_kiosk_is_shown_to_its_holder(kiosk: tuple[Device, str]) -> None:
    applicant = claim()
    answer = at_kiosk(kiosk[1], pin="246810").json()
    assert (answer["card_number"], answer["name"]) == (applicant.card_number, "王五")


def test_a_desk_confirmation_discards_the_online_pin_and_phone_by_default() -> None:
    applicant = make_patron("周一", channel=Patron.Channel.WEB, phone=ATTACKER_PHONE, pin=ATTACKER_PIN)
    services.confirm(applicant, service_point=make_service_point(applicant.home_branch), at=NOW, by=None)
    applicant.refresh_from_db()
    assert (applicant.phone_encrypted, applicant.pin_hash) == ("", "")


def test_a_desk_confirmation_keeps_the_online_contact_when_the_reader_confirms_it() -> None:
    applicant = make_patron("周一", channel=Patron.Channel.WEB, phone=ATTACKER_PHONE, pin=ATTACKER_PIN)
    point = make_service_point(applicant.home_branch)
    services.confirm(applicant, service_point=point, keeps_online_contact=True, at=NOW, by=None)
    applicant.refresh_from_db()
    assert decrypt(applicant.phone_encrypted) == ATTACKER_PHONE


def test_the_online_form_says_the_record_is_valid_only_once_the_document_is_shown() -> None:
    page = Client().get("/patrons/join/").content.decode()
    assert "网上申请须由本人持身份证件到本馆服务台或自助办证机核验后才生效；30 天内未核验的申请将被删除。" in page
