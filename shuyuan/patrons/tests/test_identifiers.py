"""The ID card is the card: every identifier of a reader resolves to the same record."""

from datetime import date

import pytest

from shuyuan.keys import decrypt
from shuyuan.patrons import queries, services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import PatronCard
from shuyuan.testing.branches import NOW
from shuyuan.testing.patrons import make_patron, resident_id

pytestmark = pytest.mark.django_db


def test_a_reader_is_found_by_the_id_number() -> None:
    patron = make_patron()
    assert queries.resolve(decrypt(patron.id_number_encrypted)) == patron


def test_a_reader_is_found_by_the_id_number_with_a_lower_case_x() -> None:
    number = next(n for s in range(1000) if (n := resident_id(date(1990, 1, 1), sequence=s)).endswith("X"))
    patron = make_patron(id_number=number)
    assert queries.resolve(number.lower()) == patron


def test_a_reader_is_found_by_the_legacy_15_digit_form() -> None:
    number = resident_id(date(1962, 7, 1))
    patron = make_patron(id_number=number)
    assert queries.resolve(number[:6] + number[8:17]) == patron


def test_a_reader_is_found_by_the_library_card() -> None:
    patron = make_patron()
    assert queries.resolve(patron.card_number) == patron


def test_a_reader_is_found_by_the_old_systems_card() -> None:
    patron = make_patron(card_number="0001234", is_legacy_card=True)
    assert queries.resolve("0001234") == patron


def test_a_reader_is_found_by_the_qr_e_card() -> None:
    patron = make_patron()
    qr = services.issue_qr_card(patron, at=NOW, by=None)
    assert queries.resolve(qr.value) == patron


def test_a_new_qr_card_withdraws_the_old_one() -> None:
    patron = make_patron()
    old = services.issue_qr_card(patron, at=NOW, by=None)
    services.issue_qr_card(patron, at=NOW, by=None)
    with pytest.raises(PatronRefused) as refused:
        queries.resolve(old.value)
    assert refused.value.reason == Reason.CARD_NOT_ACTIVE


def test_an_unknown_identifier_is_refused() -> None:
    with pytest.raises(PatronRefused) as refused:
        queries.resolve("LL99999999")
    assert refused.value.reason == Reason.CARD_NOT_FOUND


def test_a_lost_card_no_longer_resolves() -> None:
    patron = make_patron()
    services.report_lost(PatronCard.objects.get(value=patron.card_number), at=NOW, by=None)
    with pytest.raises(PatronRefused) as refused:
        queries.resolve(patron.card_number)
    assert refused.value.reason == Reason.CARD_LOST


def test_the_replacement_of_a_lost_card_resolves() -> None:
    patron = make_patron()
    new = services.report_lost(PatronCard.objects.get(value=patron.card_number), at=NOW, by=None)
    assert new is not None and queries.resolve(new.value) == patron


def test_the_id_card_still_works_after_the_library_card_is_lost() -> None:
    patron = make_patron()
    services.report_lost(PatronCard.objects.get(value=patron.card_number), replace=False, at=NOW, by=None)
    assert queries.resolve(decrypt(patron.id_number_encrypted)) == patron


def test_a_lost_card_is_refused_a_second_report() -> None:
    patron = make_patron()
    card = PatronCard.objects.get(value=patron.card_number)
    services.report_lost(card, replace=False, at=NOW, by=None)
    with pytest.raises(PatronRefused) as refused:
        services.report_lost(card, at=NOW, by=None)
    assert refused.value.reason == Reason.CARD_NOT_ACTIVE


def test_a_replaced_worn_card_no_longer_resolves() -> None:
    patron = make_patron()
    old = patron.card_number
    services.replace_card(patron, at=NOW, by=None)
    with pytest.raises(PatronRefused) as refused:
        queries.resolve(old)
    assert refused.value.reason == Reason.CARD_NOT_ACTIVE
