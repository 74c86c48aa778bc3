"""Residence permits for Hong Kong, Macao and Taiwan residents."""

from datetime import date

import pytest

from shuyuan.patrons.iddocs import DocType, IdReason, InvalidIdNumber, Sex, compose_resident_id, parse

TODAY = date(2024, 1, 1)


def reason_of(raw: str, **kwargs: object) -> IdReason:
    with pytest.raises(InvalidIdNumber) as caught:
        parse(raw, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return caught.value.reason


def test_a_hong_kong_residents_permit_is_recognised() -> None:
    doc = parse(compose_resident_id("810000", date(1975, 4, 1), 31), today=TODAY)
    assert (doc.doc_type, doc.region_code, doc.sex) == (DocType.HK_MACAO_PERMIT, "810000", Sex.MALE)


def test_a_macao_residents_permit_is_recognised() -> None:
    doc = parse(compose_resident_id("820000", date(2001, 4, 1), 30), today=TODAY)
    assert (doc.doc_type, doc.region_code, doc.sex) == (DocType.HK_MACAO_PERMIT, "820000", Sex.FEMALE)


def test_a_taiwan_residents_permit_is_recognised() -> None:
    doc = parse(compose_resident_id("830000", date(1960, 4, 1), 5), today=TODAY)
    assert (doc.doc_type, doc.birth_date) == (DocType.TAIWAN_PERMIT, date(1960, 4, 1))


def test_a_permit_holder_born_before_the_handover_is_accepted() -> None:
    assert parse(compose_resident_id("810000", date(1950, 1, 1), 1), today=TODAY).birth_date.year == 1950  # type: ignore[union-attr]


def test_a_permit_with_a_wrong_check_digit_is_refused() -> None:
    number = compose_resident_id("830000", date(1960, 4, 1), 5)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert reason_of(wrong) == IdReason.WRONG_CHECK_DIGIT


def test_a_permit_with_an_impossible_birth_date_is_refused() -> None:
    assert reason_of("810000" + "19801332" + "0011") == IdReason.IMPOSSIBLE_BIRTH_DATE


def test_a_hong_kong_permit_offered_as_a_taiwan_permit_is_named_for_what_it_is() -> None:
    number = compose_resident_id("810000", date(1975, 4, 1), 31)
    assert reason_of(number, doc_type=DocType.TAIWAN_PERMIT) == IdReason.DOCUMENT_TYPE_MISMATCH


def test_a_resident_id_offered_as_a_permit_is_named_for_what_it_is() -> None:
    number = compose_resident_id("430281", date(1975, 4, 1), 31)
    assert reason_of(number, doc_type=DocType.HK_MACAO_PERMIT) == IdReason.DOCUMENT_TYPE_MISMATCH


def test_a_permit_asked_for_with_a_region_code_of_no_permit_is_refused() -> None:
    number = compose_resident_id("439999", date(1975, 4, 1), 31)
    assert reason_of(number, doc_type=DocType.HK_MACAO_PERMIT) == IdReason.UNKNOWN_REGION


def test_a_permit_of_the_wrong_length_is_refused() -> None:
    number = compose_resident_id("830000", date(1960, 4, 1), 5)
    assert reason_of(number[:-2], doc_type=DocType.TAIWAN_PERMIT) == IdReason.WRONG_LENGTH
