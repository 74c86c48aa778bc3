"""The foreign permanent-resident ID card, old 15-character and 2023 18-digit forms."""

from datetime import date

import pytest

from shuyuan.patrons.iddocs import DocType, IdReason, InvalidIdNumber, Sex, check_digit, country_name, parse

TODAY = date(2024, 6, 1)
OLD_KAZ = "KAZ110090123105"  # Kazakhstan, Beijing, 1990-12-31
NEW_KAZ = "911398199012310021"


def reason_of(raw: str, **kwargs: object) -> IdReason:
    with pytest.raises(InvalidIdNumber) as caught:
        parse(raw, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return caught.value.reason


def new_form(province: str, nationality: str, birth: str, sequence: str) -> str:
    body = f"9{province}{nationality}{birth}{sequence}"
    return body + check_digit(body)


def test_the_2023_form_gives_nationality_province_birth_date_and_sex() -> None:
    doc = parse(NEW_KAZ, today=TODAY)
    assert (doc.doc_type, doc.nationality, doc.region_code, doc.birth_date, doc.sex) == (
        DocType.FOREIGN_PERMANENT,
        "KAZ",
        "110000",
        date(1990, 12, 31),
        Sex.FEMALE,
    )


def test_the_nationality_has_a_chinese_name() -> None:
    assert country_name(parse(NEW_KAZ, today=TODAY).nationality) == "哈萨克斯坦"


def test_the_2023_form_with_an_unknown_province_is_refused() -> None:
    assert reason_of(new_form("99", "398", "19901231", "002")) == IdReason.UNKNOWN_REGION


def test_the_2023_form_with_an_unknown_nationality_is_refused() -> None:
    assert reason_of(new_form("11", "999", "19901231", "002")) == IdReason.UNKNOWN_NATIONALITY


def test_the_2023_form_with_an_impossible_birth_date_is_refused() -> None:
    assert reason_of(new_form("11", "398", "19900231", "002")) == IdReason.IMPOSSIBLE_BIRTH_DATE


def test_the_2023_form_with_a_wrong_check_digit_is_refused() -> None:
    assert reason_of(NEW_KAZ[:-1] + "2") == IdReason.WRONG_CHECK_DIGIT


def test_the_old_form_gives_nationality_province_birth_date_and_sex() -> None:
    doc = parse(OLD_KAZ, today=TODAY)
    assert (doc.doc_type, doc.nationality, doc.region_name, doc.birth_date, doc.sex) == (
        DocType.FOREIGN_PERMANENT,
        "KAZ",
        "北京市",
        date(1990, 12, 31),
        Sex.FEMALE,
    )


def test_the_old_form_is_read_in_lower_case_too() -> None:
    assert parse(OLD_KAZ.lower(), today=TODAY).number == OLD_KAZ


def test_the_old_form_with_an_unknown_nationality_is_refused() -> None:
    assert reason_of("KAA110090123105") == IdReason.UNKNOWN_NATIONALITY


def test_the_old_form_with_an_unknown_province_is_refused() -> None:
    assert reason_of("KAZ990090123105") == IdReason.UNKNOWN_REGION


def test_the_old_form_with_an_impossible_birth_date_is_refused() -> None:
    assert reason_of("KAZ110090023105") == IdReason.IMPOSSIBLE_BIRTH_DATE


def test_the_old_form_with_a_wrong_check_digit_is_refused() -> None:
    assert reason_of("KAZ110090123107") == IdReason.WRONG_CHECK_DIGIT


def test_the_old_form_with_a_digit_among_the_letters_is_refused() -> None:
    assert reason_of("K4Z110090123105") == IdReason.BAD_CHARACTERS


def test_the_old_form_with_a_letter_among_the_digits_is_refused() -> None:
    assert reason_of("KAZ1100901231O5") == IdReason.BAD_CHARACTERS


def test_the_old_form_of_the_wrong_length_is_refused() -> None:
    assert reason_of("KAZ11009012310") == IdReason.WRONG_LENGTH


def test_the_old_form_reads_a_recent_two_digit_year_in_this_century() -> None:
    # USA, Shanghai, 2005-03-01; check digit by the 7-3-1 weights.
    assert parse("USA310005030112", today=TODAY).birth_date == date(2005, 3, 1)


def test_the_old_form_reads_a_year_after_its_last_issue_in_the_last_century() -> None:
    # The old form was issued until November 2023: a "24" birth year means 1924.
    assert parse("DEU310024010110", today=TODAY).birth_date == date(1924, 1, 1)
