"""Card numbers and item barcodes have distinct forms, and a scanned value is told apart."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from shuyuan import numbering
from shuyuan.numbering import NumberForm
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.scans import Scanned, classify
from shuyuan.testing.catalog import make_item
from shuyuan.testing.patrons import make_patron, resident_id


def numbers(settings, **forms) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "NUMBERS": forms}


def test_a_card_form_with_a_check_digit_refuses_a_mistyped_number() -> None:
    form = NumberForm("LLR", 7, "luhn")
    number = form.format(1234)
    mistyped = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
    assert (form.matches(number), form.matches(mistyped)) == (True, False)


def test_the_default_card_and_item_forms_cannot_look_alike() -> None:
    card, item = numbering.forms()
    assert not numbering.overlap(card, item)


def test_settings_that_let_a_card_look_like_a_barcode_are_refused(settings) -> None:
    numbers(settings, CARD={"PREFIX": "LL", "DIGITS": 8, "CHECK_DIGIT": ""})
    with pytest.raises(ImproperlyConfigured):
        numbering.forms()


def test_forms_of_the_same_length_with_a_letter_against_a_digit_do_not_overlap() -> None:
    assert not numbering.overlap(NumberForm("LLR", 7), NumberForm("LL", 8))


@pytest.mark.django_db
def test_a_new_reader_card_does_not_have_the_item_barcode_form() -> None:
    patron = make_patron()
    assert numbering.item_form().matches(patron.card_number) is False


@pytest.mark.django_db
def test_a_new_reader_card_has_the_card_form() -> None:
    assert numbering.card_form().matches(make_patron().card_number)


@pytest.mark.django_db
def test_a_new_card_follows_the_library_settings(settings) -> None:
    numbers(settings, CARD={"PREFIX": "9", "DIGITS": 9, "CHECK_DIGIT": "luhn"})
    card = make_patron().card_number
    assert (card[0], len(card)) == ("9", 11)


@pytest.mark.django_db
def test_a_scanned_card_number_is_a_card() -> None:
    assert classify(make_patron().card_number) == Scanned.CARD


@pytest.mark.django_db
def test_a_scanned_item_barcode_is_an_item() -> None:
    assert classify(numbering.item_form().format(42)) == Scanned.ITEM


@pytest.mark.django_db
def test_an_old_systems_card_is_a_card_by_its_record() -> None:
    make_patron(card_number="D000001", is_legacy_card=True)
    assert classify("D000001") == Scanned.CARD


@pytest.mark.django_db
def test_an_old_barcode_of_an_item_is_an_item_by_its_record() -> None:
    make_item(barcode="1683012")
    assert classify("1683012") == Scanned.ITEM


@pytest.mark.django_db
def test_a_resident_id_number_is_an_id_number() -> None:
    assert classify(resident_id(date(1980, 5, 17))) == Scanned.ID_NUMBER


@pytest.mark.django_db
def test_a_value_that_is_both_a_card_and_a_barcode_is_ambiguous() -> None:
    make_patron(card_number="A7", is_legacy_card=True)
    make_item(barcode="A7")
    assert classify("A7") == Scanned.AMBIGUOUS


@pytest.mark.django_db
def test_an_unknown_value_is_not_recognised() -> None:
    assert classify("hello") == Scanned.UNKNOWN


@pytest.mark.django_db
def test_a_preprinted_card_number_outside_the_card_form_is_refused() -> None:
    with pytest.raises(PatronRefused) as refused:
        make_patron(card_number="12345")
    assert refused.value.reason == Reason.CARD_FORM


@pytest.mark.django_db
def test_a_card_number_in_the_item_barcode_form_is_refused() -> None:
    with pytest.raises(PatronRefused) as refused:
        make_patron(card_number=numbering.item_form().format(7), is_legacy_card=True)
    assert refused.value.reason == Reason.CARD_LIKE_ITEM


@pytest.mark.django_db
def test_an_old_card_number_that_is_an_items_barcode_is_refused() -> None:
    make_item(barcode="0001234")
    with pytest.raises(PatronRefused) as refused:
        make_patron(card_number="0001234", is_legacy_card=True)
    assert refused.value.reason == Reason.CARD_LIKE_ITEM
