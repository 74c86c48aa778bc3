"""Passports and other documents: normalised, checked by staff."""

from datetime import date

import pytest

from shuyuan.patrons.iddocs import DocType, IdReason, InvalidIdNumber, is_valid, parse

TODAY = date(2024, 6, 1)


def test_a_passport_number_is_kept_in_upper_case_for_a_manual_check() -> None:
    doc = parse("e 1234 5678", doc_type=DocType.PASSPORT, today=TODAY)
    assert (doc.number, doc.needs_manual_check, doc.birth_date) == ("E12345678", True, None)


def test_a_passport_number_with_chinese_characters_is_refused() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse("E1234护照", doc_type=DocType.PASSPORT, today=TODAY)
    assert caught.value.reason == IdReason.BAD_CHARACTERS


def test_a_passport_number_of_four_characters_is_refused_for_its_length() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse("E123", doc_type=DocType.PASSPORT, today=TODAY)
    assert caught.value.reason == IdReason.WRONG_LENGTH


def test_another_document_needs_a_manual_check() -> None:
    assert parse("H12345678", doc_type=DocType.OTHER, today=TODAY).needs_manual_check


def test_a_machine_checked_document_needs_no_manual_check() -> None:
    assert not parse("430281196001011235", today=TODAY).needs_manual_check


def test_a_passport_number_is_not_taken_for_a_resident_id_without_its_type() -> None:
    assert not is_valid("E12345678", today=TODAY)


def test_an_organisations_credit_code_is_checked_by_stdnum() -> None:
    doc = parse("91110000600037341L", doc_type=DocType.ORGANIZATION, today=TODAY)
    assert (doc.doc_type, doc.region_code) == (DocType.ORGANIZATION, "110000")


def test_an_organisations_credit_code_with_a_wrong_check_character_is_refused() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse("91110000600037341M", doc_type=DocType.ORGANIZATION, today=TODAY)
    assert caught.value.reason == IdReason.WRONG_CHECK_DIGIT


def test_an_organisations_credit_code_with_a_letter_it_never_uses_is_refused() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse("9111000060003734IL", doc_type=DocType.ORGANIZATION, today=TODAY)
    assert caught.value.reason == IdReason.BAD_CHARACTERS
