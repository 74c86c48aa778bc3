"""Pure rules of shelf work: reading a handheld file's lines and RFID tags, and shelving order."""

from shuyuan.catalog.callnumbers import sort_key
from shuyuan.shelving.rules import code_of_line, out_of_order, printable, tag_id


def keys(*call_numbers):
    return [sort_key(c) for c in call_numbers]


def test_a_line_with_a_time_after_the_code_gives_the_code():
    assert code_of_line("LL00001234,2016-03-01 10:00:01") == "LL00001234"


def test_an_empty_line_gives_nothing_to_read():
    assert code_of_line("   ") == ""


def test_a_line_of_noise_is_garbled():
    assert code_of_line("\x00\x1b%$#@") is None


def test_a_line_with_chinese_text_is_garbled():
    assert code_of_line("条码丢失") is None


def test_an_rfid_tag_is_stored_in_upper_case_without_separators():
    assert tag_id("e2:80:11:60:60:00:02:08") == "E280116060000208"


def test_an_rfid_tag_with_letters_beyond_f_is_refused():
    assert tag_id("E28011606000020Z") is None


def test_items_in_shelf_order_are_not_misplaced():
    assert out_of_order(keys("I247.5/1", "I247.5/12", "I247.5/102", "I247.57/3")) == []


def test_a_book_between_the_wrong_neighbours_is_misplaced():
    assert out_of_order(keys("I247.5/1", "I247.5/12", "TP311/5", "I247.5/102", "I247.57/3")) == [2]


def test_starting_again_on_another_shelf_is_not_a_misplacement():
    assert out_of_order(keys("K825/1", "K825/2", "K825/3", "I247.5/1", "I247.5/2", "I247.5/3")) == []


def test_a_misplaced_first_book_is_found():
    assert out_of_order(keys("TP311/5", "I247.5/1", "I247.5/2")) == [0]


def test_a_misplaced_last_book_is_found():
    assert out_of_order(keys("I247.5/1", "I247.5/2", "A81/1")) == [2]


def test_a_garbled_line_is_kept_without_its_control_characters():
    assert printable("\x00\x1b条码") == "\ufffd\ufffd条码"
