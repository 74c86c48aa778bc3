"""Readers' policy as pure functions."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from shuyuan.patrons import rules
from shuyuan.patrons.errors import Reason

AT = datetime(2016, 3, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_a_six_digit_pin_of_mixed_digits_is_fine() -> None:
    assert rules.pin_problem("250913", length=6) is None


def test_a_pin_with_a_letter_has_the_wrong_format() -> None:
    assert rules.pin_problem("25091a", length=6) == Reason.PIN_FORMAT


def test_a_pin_of_one_repeated_digit_is_too_simple() -> None:
    assert rules.pin_problem("777777", length=6) == Reason.PIN_TOO_SIMPLE


def test_a_descending_run_is_too_simple() -> None:
    assert rules.pin_problem("987654", length=6) == Reason.PIN_TOO_SIMPLE


def test_the_end_of_the_id_number_is_too_simple() -> None:
    assert rules.pin_problem("011235", length=6, id_number="430281196001011235") == Reason.PIN_TOO_SIMPLE


def test_the_birth_date_in_the_id_number_is_too_simple() -> None:
    assert rules.pin_problem("600101", length=6, id_number="430281196001011235") == Reason.PIN_TOO_SIMPLE


def test_age_bands_cover_children_and_the_elderly() -> None:
    assert [rules.age_band(a) for a in (0, 7, 14, 18, 35, 60, None)] == [
        "0-6",
        "7-13",
        "14-17",
        "18-34",
        "35-59",
        "60+",
        "",
    ]


def test_a_card_issued_on_29_february_expires_on_28_february() -> None:
    assert rules.expiry_after(date(2016, 2, 29), 5) == date(2021, 2, 28)


def test_cards_never_expire_when_the_validity_is_zero() -> None:
    assert rules.expiry_after(date(2016, 2, 29), 0) is None


def test_the_fifth_wrong_pin_locks() -> None:
    assert rules.lock_until(5, AT, max_failures=5, minutes=30) == datetime(2016, 3, 1, 10, 30, tzinfo=AT.tzinfo)


def test_the_fourth_wrong_pin_does_not_lock() -> None:
    assert rules.lock_until(4, AT, max_failures=5, minutes=30) is None


def test_a_child_born_on_29_february_is_fourteen_on_1_march_of_a_common_year() -> None:
    assert rules.born_on_or_before(date(2018, 3, 1), 14) >= date(2004, 2, 29)
