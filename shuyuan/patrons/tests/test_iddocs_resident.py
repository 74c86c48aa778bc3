"""The 18-digit resident ID card and the legacy 15-digit form (GB 11643)."""

from datetime import date

import pytest

from shuyuan.patrons.iddocs import DocType, IdReason, InvalidIdNumber, Sex, compose_resident_id, parse

TODAY = date(2016, 6, 1)
LILING_1960 = "430281196001011235"


def reason_of(raw: str, **kwargs: object) -> IdReason:
    with pytest.raises(InvalidIdNumber) as caught:
        parse(raw, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return caught.value.reason


def test_a_valid_number_gives_type_birth_date_sex_and_region() -> None:
    doc = parse(LILING_1960, today=TODAY)
    assert (doc.doc_type, doc.number, doc.birth_date, doc.sex) == (
        DocType.RESIDENT_ID,
        LILING_1960,
        date(1960, 1, 1),
        Sex.MALE,
    )
    assert (doc.region_code, doc.region_name) == ("430281", "湖南省株洲市醴陵市")


def test_an_even_sequence_digit_means_female() -> None:
    assert parse(compose_resident_id("430281", date(1985, 3, 8), 124), today=TODAY).sex == Sex.FEMALE


def test_a_check_digit_of_x_is_accepted() -> None:
    number = next(n for s in range(1000) if (n := compose_resident_id("430202", date(1990, 7, 1), s))[-1] == "X")
    assert parse(number, today=TODAY).number == number


def test_a_lower_case_x_is_read_as_x() -> None:
    number = next(n for s in range(1000) if (n := compose_resident_id("430202", date(1990, 7, 1), s))[-1] == "X")
    assert parse(number.lower(), today=TODAY).number == number


def test_full_width_digits_and_spaces_from_an_input_method_are_normalised() -> None:
    typed = "４３０２８１ １９６００１０１ １２３５"
    assert parse(typed, today=TODAY).number == LILING_1960


def test_a_region_code_created_after_the_birth_year_is_accepted() -> None:
    # 430281 (Liling city) exists since 1989; people born earlier were numbered later.
    assert parse(compose_resident_id("430281", date(1950, 2, 2), 7), today=TODAY).region_code == "430281"


def test_a_region_code_abolished_before_the_birth_year_is_refused() -> None:
    # 432301 (old Yiyang city) was abolished in 1994.
    assert reason_of(compose_resident_id("432301", date(2000, 1, 1), 1)) == IdReason.UNKNOWN_REGION


def test_a_region_code_in_use_at_birth_but_abolished_later_is_accepted() -> None:
    assert parse(compose_resident_id("432301", date(1990, 1, 1), 1), today=TODAY).region_code == "432301"


def test_a_region_code_that_never_existed_is_refused() -> None:
    assert reason_of(compose_resident_id("439999", date(1990, 1, 1), 1)) == IdReason.UNKNOWN_REGION


def test_a_number_of_17_characters_is_refused_for_its_length() -> None:
    assert reason_of(LILING_1960[:-1]) == IdReason.WRONG_LENGTH


def test_a_number_of_19_characters_is_refused_for_its_length() -> None:
    assert reason_of(LILING_1960 + "1") == IdReason.WRONG_LENGTH


def test_a_letter_inside_the_number_is_refused_as_a_bad_character() -> None:
    assert reason_of("4302811960A1011235") == IdReason.BAD_CHARACTERS


def test_an_x_that_is_not_the_last_character_is_refused() -> None:
    assert reason_of("43028119600101X235") == IdReason.BAD_CHARACTERS


def test_the_bad_character_error_names_its_position() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse("4302811960A1011235", today=TODAY)
    assert caught.value.params["position"] == 11


def test_a_thirtieth_of_february_is_an_impossible_birth_date() -> None:
    assert reason_of("43028119600230" + "1235") == IdReason.IMPOSSIBLE_BIRTH_DATE


def test_a_twenty_ninth_of_february_in_a_leap_year_is_accepted() -> None:
    assert parse(compose_resident_id("430281", date(1960, 2, 29), 3), today=TODAY).birth_date == date(1960, 2, 29)


def test_a_twenty_ninth_of_february_in_a_common_year_is_impossible() -> None:
    body = "430281" + "19610229" + "003"
    assert reason_of(body + "0") == IdReason.IMPOSSIBLE_BIRTH_DATE


def test_a_birth_year_before_1900_is_impossible() -> None:
    assert reason_of(compose_resident_id("430281", date(1899, 12, 31), 1)) == IdReason.IMPOSSIBLE_BIRTH_DATE


def test_a_birth_date_after_today_is_refused() -> None:
    assert reason_of(compose_resident_id("430281", date(2016, 6, 2), 1)) == IdReason.BIRTH_DATE_IN_FUTURE


def test_a_child_born_today_is_accepted() -> None:
    assert parse(compose_resident_id("430281", TODAY, 1), today=TODAY).birth_date == TODAY


def test_a_wrong_check_digit_is_refused() -> None:
    assert reason_of(LILING_1960[:-1] + "6") == IdReason.WRONG_CHECK_DIGIT


def test_an_empty_number_is_refused() -> None:
    assert reason_of("  ") == IdReason.EMPTY


def test_a_legacy_15_digit_number_is_converted_to_18_digits() -> None:
    doc = parse("430281600101123", today=TODAY)
    assert (doc.number, doc.legacy_number, doc.birth_date) == (
        LILING_1960,
        "430281600101123",
        date(1960, 1, 1),
    )


def test_a_legacy_number_takes_its_sex_from_the_last_digit() -> None:
    assert parse("430281600101124", today=TODAY).sex == Sex.FEMALE


def test_a_legacy_number_ending_in_x_is_refused() -> None:
    assert reason_of("43028160010112X") == IdReason.BAD_CHARACTERS


def test_a_legacy_number_with_an_impossible_date_is_refused() -> None:
    assert reason_of("430281610229123") == IdReason.IMPOSSIBLE_BIRTH_DATE


def test_a_legacy_number_with_an_unknown_region_is_refused() -> None:
    assert reason_of("439999600101123") == IdReason.UNKNOWN_REGION


def test_a_residence_permit_number_offered_as_a_resident_id_is_named_for_what_it_is() -> None:
    permit = compose_resident_id("810000", date(1980, 1, 1), 1)
    assert reason_of(permit, doc_type=DocType.RESIDENT_ID) == IdReason.DOCUMENT_TYPE_MISMATCH


def test_a_resident_id_offered_as_a_foreign_permanent_id_is_named_for_what_it_is() -> None:
    assert reason_of(LILING_1960, doc_type=DocType.FOREIGN_PERMANENT) == IdReason.DOCUMENT_TYPE_MISMATCH


def test_the_representation_of_a_document_masks_the_number() -> None:
    assert LILING_1960 not in repr(parse(LILING_1960, today=TODAY))
