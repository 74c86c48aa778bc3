"""The catalogue stores text in one Unicode form (NFC), whatever the source wrote."""

from shuyuan.catalog.unicode_forms import stored_text, stored_values


def test_a_letter_with_a_combining_mark_is_stored_as_one_composed_letter():
    assert stored_text("tokucho\u0304") == "tokuch\u014d"


def test_chinese_text_is_stored_unchanged():
    assert stored_text("鲁迅与浙东文化") == "鲁迅与浙东文化"


def test_every_text_value_of_a_row_is_stored_composed_and_other_values_are_kept():
    assert stored_values({"title": "Si fen lu\u0308", "year": 1995}) == {"title": "Si fen l\u00fc", "year": 1995}
