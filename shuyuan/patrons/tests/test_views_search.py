"""The desk search finds a reader by card, ID number, its last six digits, name, pinyin or phone."""

from datetime import date

import pytest
from django.test import Client

from shuyuan.keys import decrypt
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> Patron:
    make_patron("李华", birth=date(1990, 1, 2), phone="13700001111")
    return make_patron("张晓明", birth=date(1979, 11, 23), phone="13812345678")


def found(query: str) -> str:
    client = Client()
    client.force_login(make_staff("circulation", all_branches=True))
    response = client.post("/patrons/", {"q": query}, follow=True)
    return response.content.decode()


def test_the_card_number_opens_the_reader(reader: Patron) -> None:
    assert reader.id_number_masked in found(reader.card_number)


def test_the_full_id_number_opens_the_reader(reader: Patron) -> None:
    assert reader.id_number_masked in found(decrypt(reader.id_number_encrypted))


def test_the_last_six_digits_find_the_reader(reader: Patron) -> None:
    assert reader.id_number_masked in found(decrypt(reader.id_number_encrypted)[-6:])


def test_the_name_finds_the_reader(reader: Patron) -> None:
    assert reader.card_number in found("张晓明")


def test_the_start_of_the_name_finds_the_reader(reader: Patron) -> None:
    assert reader.card_number in found("张晓")


def test_the_pinyin_finds_the_reader(reader: Patron) -> None:
    assert reader.card_number in found("zhangxiao")


def test_the_pinyin_initials_find_the_reader(reader: Patron) -> None:
    assert reader.card_number in found("ZXM")


def test_the_phone_finds_the_reader(reader: Patron) -> None:
    assert reader.card_number in found("138 1234 5678")


def test_another_readers_name_does_not_find_the_reader(reader: Patron) -> None:
    assert reader.card_number not in found("李华")


def test_nothing_found_says_so(reader: Patron) -> None:
    assert "未找到读者" in found("王")


def test_a_number_in_the_address_bar_is_not_searched(reader: Patron) -> None:
    client = Client()
    client.force_login(make_staff("circulation", all_branches=True))
    page = client.get("/patrons/", {"q": decrypt(reader.id_number_encrypted)}).content.decode()
    assert reader.card_number not in page
