"""The CLC's classes: the 22 top classes, their second level, and class numbers that are not the CLC's."""

from shuyuan.catalog import clc


def test_there_are_twenty_two_top_classes_each_with_a_second_level():
    assert len(clc.TOP_CLASSES) == 22
    assert all(clc.second_level(code) for code in clc.TOP_CLASSES)


def test_the_t_class_is_divided_by_letters():
    assert [entry.code for entry in clc.second_level("T")][:3] == ["TB", "TD", "TE"]


def test_a_class_number_falls_in_its_second_level_class():
    assert clc.second_level_of("I247.5").name == "中国文学"


def test_a_run_of_the_schedules_covers_each_of_its_numbers():
    assert clc.second_level_of("D35").code == "D33/37"


def test_common_class_numbers_are_known():
    assert all(clc.is_known(code) for code in ("I247.5", "TP311.13", "K825.6=74", "F279.2(71)", "T-65", "Z"))


def test_letters_the_clc_does_not_use_are_unknown():
    assert not any(clc.is_known(code) for code in ("L12", "W1", "TA1", "Y"))


def test_a_first_digit_outside_the_second_level_is_unknown():
    assert not clc.is_known("I9")


def test_a_full_width_class_is_read_as_the_plain_one():
    assert clc.tidy("ｉ２４７．５") == "I247.5"
