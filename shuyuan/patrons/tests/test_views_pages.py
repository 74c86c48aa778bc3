"""Staff pages: every page and export shows masked numbers and an age, never more."""

import subprocess
from datetime import date

import pytest
from django.test import Client

from shuyuan.keys import decrypt
from shuyuan.patrons import services
from shuyuan.patrons.models import Patron
from shuyuan.patrons.tests.pages import leaks
from shuyuan.testing.branches import NOW, make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> Patron:
    return make_patron("张晓明", birth=date(1979, 11, 23), phone="13871649205", address="醴陵市东正街 8 号")


def client_for(role: str = "circulation") -> Client:
    client = Client()
    client.force_login(make_staff(role, all_branches=True))
    return client


def test_the_detail_page_shows_the_masked_id_number(reader: Patron) -> None:
    assert reader.id_number_masked in client_for().get(f"/patrons/{reader.pk}/").content.decode()


def test_the_detail_page_shows_an_age_and_no_birth_date(reader: Patron) -> None:
    page = client_for().get(f"/patrons/{reader.pk}/").content.decode()
    assert leaks(page, reader) == []


def test_the_detail_page_shows_the_masked_phone(reader: Patron) -> None:
    assert "138****9205" in client_for().get(f"/patrons/{reader.pk}/").content.decode()


def test_the_search_results_leak_nothing(reader: Patron) -> None:
    make_patron("张晓红")
    page = client_for().post("/patrons/", {"q": "张晓"}).content.decode()
    assert (reader.id_number_masked in page, leaks(page, reader)) == (True, [])


def test_the_edit_page_leaks_nothing(reader: Patron) -> None:
    page = client_for().get(f"/patrons/{reader.pk}/edit/").content.decode()
    assert leaks(page, reader) == []


def test_the_pending_page_leaks_nothing() -> None:
    applicant = make_patron("钱多多", phone="13900002222", channel=Patron.Channel.WEB)
    page = client_for().get("/patrons/pending/").content.decode()
    assert (applicant.name in page, leaks(page, applicant)) == (True, [])


def test_the_id_check_of_the_desk_form_gives_an_age_and_no_birth_date(reader: Patron) -> None:
    answer = client_for().post("/patrons/id-check/", {"number": decrypt(reader.id_number_encrypted)}).json()
    assert (answer["existing_card"], leaks(str(answer), reader)) == (reader.card_number, [])


def test_the_export_leaks_nothing(reader: Patron) -> None:
    text = client_for("director").post("/patrons/export/").content.decode("utf-8-sig")
    assert (reader.id_number_masked in text, leaks(text, reader)) == (True, [])


def test_the_export_with_full_numbers_is_refused_without_the_permission(reader: Patron) -> None:
    text = client_for().post("/patrons/export/", {"include_personal": "on"}).content.decode("utf-8-sig")
    assert leaks(text, reader) == []


def test_the_export_with_full_numbers_is_given_to_an_administrator(reader: Patron) -> None:
    text = client_for("director").post("/patrons/export/", {"include_personal": "on"}).content.decode("utf-8-sig")
    assert decrypt(reader.id_number_encrypted) in text


def test_the_reveal_page_needs_the_permission(reader: Patron) -> None:
    response = client_for().post(f"/patrons/{reader.pk}/reveal/", {"what": "id_number", "reason": "核对"})
    assert response.status_code == 403


def test_the_reveal_page_shows_the_full_number_to_an_administrator(reader: Patron) -> None:
    response = client_for("director").post(f"/patrons/{reader.pk}/reveal/", {"what": "id_number", "reason": "核对"})
    assert decrypt(reader.id_number_encrypted) in response.content.decode()


def test_the_reveal_page_is_not_cached(reader: Patron) -> None:
    response = client_for("director").post(f"/patrons/{reader.pk}/reveal/", {"what": "phone", "reason": "联系"})
    assert response["Cache-Control"] == "no-store"


def test_the_history_shows_the_registration_and_leaks_nothing(reader: Patron) -> None:
    services.update(reader, phone="13955556666", at=NOW, by=None)
    reader.refresh_from_db()
    page = client_for().get(f"/patrons/{reader.pk}/").content.decode()
    assert ("新办证" in page, "13955556666" in page) == (True, False)


def test_the_card_pdf_carries_the_name_and_card_number(reader: Patron, tmp_path) -> None:
    pdf = client_for().get(f"/patrons/{reader.pk}/card.pdf").content
    (tmp_path / "card.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "card.pdf"), "-"], capture_output=True, text=True).stdout
    assert ("张晓明" in text, reader.card_number in text, leaks(text, reader)) == (True, True, [])


def test_a_statistics_user_cannot_see_readers(reader: Patron) -> None:
    assert client_for("statistics").get(f"/patrons/{reader.pk}/").status_code == 403
