"""Masked numbers, phones and names (DESIGN.md 4a)."""

from shuyuan.patrons.masking import mask_id, mask_name, mask_phone, normalize_phone


def test_an_id_number_keeps_its_first_four_and_last_two_characters() -> None:
    assert mask_id("43020219900701123X") == "4302************3X"


def test_an_old_foreign_id_keeps_its_first_four_and_last_two_characters() -> None:
    assert mask_id("KAZ110090123105") == "KAZ1*********05"


def test_a_passport_number_keeps_only_its_first_and_last_character() -> None:
    assert mask_id("E12345678") == "E*******8"


def test_a_very_short_number_is_hidden_completely() -> None:
    assert mask_id("1234") == "****"


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits() -> None:
    assert mask_phone("13812345678") == "138****5678"


def test_a_short_local_number_keeps_only_its_last_two_digits() -> None:
    assert mask_phone("2345678") == "*****78"


def test_a_mobile_number_loses_its_country_prefix_and_separators() -> None:
    assert normalize_phone("+86 138-1234-5678") == "13812345678"


def test_a_mobile_number_written_with_86_loses_the_prefix() -> None:
    assert normalize_phone("8613812345678") == "13812345678"


def test_a_landline_with_area_code_keeps_its_digits() -> None:
    assert normalize_phone("(0731) 2345 6789") == "073123456789"


def test_a_name_keeps_only_its_first_character() -> None:
    assert mask_name("欧阳小明") == "欧***"


def test_a_one_character_name_is_shown_as_is() -> None:
    assert mask_name("明") == "明"
