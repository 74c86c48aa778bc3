"""Properties of ID parsing and masking over generated numbers."""

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from shuyuan.patrons.iddocs import (
    InvalidIdNumber,
    Sex,
    age_on,
    compose_resident_id,
    is_valid,
    normalize,
    parse,
)
from shuyuan.patrons.masking import mask_id, mask_phone

TODAY = date(2024, 6, 1)
REGIONS = ["430281", "430202", "430203", "430204", "430211", "430212", "430223", "110101", "440305", "650102"]

regions = st.sampled_from(REGIONS)
births = st.dates(min_value=date(1990, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@given(regions, births, sequences)
def test_every_composed_number_parses_back_to_its_parts(region: str, birth: date, sequence: int) -> None:
    doc = parse(compose_resident_id(region, birth, sequence), today=TODAY)
    assert (doc.region_code, doc.birth_date, doc.sex) == (
        region,
        birth,
        Sex.MALE if sequence % 2 else Sex.FEMALE,
    )


@given(regions, births, sequences, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_every_single_character_change_is_caught(
    region: str, birth: date, sequence: int, position: int, char: str
) -> None:
    number = compose_resident_id(region, birth, sequence)
    assume(number[position] != char)
    assert not is_valid(number[:position] + char + number[position + 1 :], today=TODAY)


@given(regions, births, sequences, st.integers(0, 16))
def test_every_swap_of_two_neighbouring_characters_is_caught(
    region: str, birth: date, sequence: int, position: int
) -> None:
    number = compose_resident_id(region, birth, sequence)
    assume(number[position] != number[position + 1])
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert not is_valid(swapped, today=TODAY)


@given(regions, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), sequences)
def test_a_legacy_number_and_its_18_digit_form_give_the_same_reader(region: str, birth: date, sequence: int) -> None:
    modern = compose_resident_id(region, birth, sequence)
    legacy = modern[:6] + modern[8:17]
    assert parse(legacy, today=TODAY).number == modern


@given(st.text(alphabet="0123456789X", min_size=15, max_size=19))
def test_no_error_message_repeats_the_number(raw: str) -> None:
    try:
        parse(raw, today=TODAY)
    except InvalidIdNumber as error:
        assert raw not in error.message
        assert raw[6:14] not in error.message


@given(st.text(alphabet="0123456789X", min_size=0, max_size=25))
def test_parsing_either_accepts_or_raises_a_reasoned_error(raw: str) -> None:
    try:
        doc = parse(raw, today=TODAY)
    except InvalidIdNumber as error:
        assert error.message
    else:
        assert normalize(doc.legacy_number or raw) == (doc.legacy_number or doc.number)


@given(st.text(alphabet="0123456789X", min_size=12, max_size=18))
def test_a_masked_number_shows_only_the_first_four_and_last_two_characters(number: str) -> None:
    masked = mask_id(number)
    assert (len(masked), masked[:4], masked[-2:]) == (len(number), number[:4], number[-2:])
    assert set(masked[4:-2]) == {"*"}


@given(st.text(alphabet="0123456789", min_size=9, max_size=13))
def test_a_masked_phone_hides_all_but_seven_digits(phone: str) -> None:
    assert sum(ch != "*" for ch in mask_phone(phone)) == 7


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY), st.integers(0, 120))
def test_age_is_the_number_of_birthdays_passed(birth: date, years: int) -> None:
    later = (
        date(birth.year + years, 3, 1)
        if (birth.month, birth.day) == (2, 29)
        else birth.replace(year=birth.year + years)
    )
    assert age_on(birth, later) == years
