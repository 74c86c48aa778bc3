"""Card numbers, names and phones are checked wherever they come in: the desk, the kiosk API and
the online form (issue 20.10)."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from shuyuan.devices.models import Device
from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import NOW, make_branch, make_service_point, make_staff
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category, make_patron, resident_id

pytestmark = pytest.mark.django_db
NUMBER = resident_id(date(1990, 4, 5), sequence=333)


def refusal(**application: Any) -> Reason:
    with pytest.raises(PatronRefused) as refused:
        make_patron(**application)
    return refused.value.reason


@pytest.mark.parametrize("card", ["LL0001\r\nX", 'LL"0001', "../../etc", "LL 0001"])
def test_a_card_number_with_line_breaks_quotes_or_slashes_is_refused(card: str) -> None:
    assert refusal(card_number=card) == Reason.CARD_FORMAT


def test_a_legacy_card_number_with_a_hyphen_is_accepted() -> None:
    assert make_patron(card_number="OLD-0001", is_legacy_card=True).card_number == "OLD-0001"


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_refused(name: str) -> None:
    assert refusal(name=name) == Reason.NAME_REQUIRED


@pytest.mark.parametrize("name", ["王\u202e五", "王\u200b五", "王\u2028五"])
def test_a_name_with_right_to_left_or_zero_width_marks_is_refused(name: str) -> None:
    assert refusal(name=name) == Reason.NAME_CHARACTERS


def test_a_minority_name_with_a_middle_dot_is_accepted() -> None:
    assert make_patron("买买提·艾力").name == "买买提·艾力"


def test_a_phone_with_letters_and_markup_is_refused() -> None:
    assert refusal(phone="abc<script>") == Reason.PHONE_FORMAT


def test_renaming_to_a_blank_name_is_refused() -> None:
    with pytest.raises(PatronRefused) as refused:
        services.update(make_patron(), name=" ", at=NOW, by=None)
    assert refused.value.reason == Reason.NAME_REQUIRED


def test_the_card_pdf_of_an_old_odd_card_number_has_a_safe_file_name() -> None:
    patron = make_patron()
    Patron.objects.filter(pk=patron.pk).update(card_number='A"B\r\nC')
    client = Client()
    client.force_login(make_staff("director", patron.home_branch, all_branches=True))
    response = client.get(f"/patrons/{patron.pk}/card.pdf")
    assert (response.status_code, response["Content-Disposition"]) == (200, 'inline; filename="card-ABC.pdf"')


@pytest.fixture
def kiosk_key() -> str:
    make_category()
    branch = make_branch()
    return make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))[1]


def at_kiosk(key: str, **fields: Any) -> Any:
    body = {"name": "王五", "id_number": NUMBER, "phone": "13800001111", "pin": "246810", **fields}
    return Client().post(
        "/api/patrons/registrations", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_a_kiosk_registration_without_a_pin_is_refused(kiosk_key: str) -> None:
    assert at_kiosk(kiosk_key, pin="").json()["reason"] == "pin_required"


def test_a_fifteen_digit_id_number_at_a_kiosk_is_sent_to_the_desk(kiosk_key: str) -> None:
    assert at_kiosk(kiosk_key, id_number="430281900405333").json()["reason"] == "old_id_at_kiosk"


def test_a_zero_width_mark_in_a_kiosk_name_is_refused(kiosk_key: str) -> None:
    assert at_kiosk(kiosk_key, name="王\u200b五").json()["reason"] == "name_characters"


def test_the_online_form_refuses_a_phone_with_markup() -> None:
    make_category()
    make_branch()
    form = {
        "id_type": "resident_id",
        "name": "王五",
        "id_number": NUMBER,
        "phone": "abc<script>",
        "pin": "246810",
        "pin_again": "246810",
        "agrees": "on",
    }
    Client().post("/patrons/join/", form)
    assert Patron.objects.count() == 0
