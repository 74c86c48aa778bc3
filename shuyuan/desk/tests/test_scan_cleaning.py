import pytest

from shuyuan.desk.scans import Malformed, MalformedScan, clean


def test_a_scanners_aim_prefix_and_line_ending_are_taken_off():
    assert clean("]C1LL00000001\r\n") == "LL00000001"


def test_start_and_end_characters_around_a_scan_are_taken_off():
    assert clean("\x02LL00000001\x03") == "LL00000001"


def test_full_width_characters_from_an_input_method_become_plain():
    assert clean("ＬＬ０００００００１") == "LL00000001"


def test_a_control_character_inside_a_scan_is_refused():
    with pytest.raises(MalformedScan) as refused:
        clean("LL000\x0700001")
    assert refused.value.reason == Malformed.CONTROL


def test_a_scan_of_two_hundred_characters_is_refused():
    with pytest.raises(MalformedScan) as refused:
        clean("L" * 200)
    assert refused.value.reason == Malformed.TOO_LONG


def test_an_empty_scan_is_refused():
    with pytest.raises(MalformedScan) as refused:
        clean(" \r\n")
    assert refused.value.reason == Malformed.EMPTY
