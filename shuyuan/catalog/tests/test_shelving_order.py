"""The one shelf order (Item.call_number_sort): each pair is (comes first, comes after)."""

import pytest

from shuyuan.catalog.callnumbers import label_lines, sort_key, with_parts

PAIRS = [
    # the class as a decimal fraction
    ("I247.5/1", "I247.57/1"),
    ("I247.57/1", "I247.7/1"),
    ("I247/9", "I247.5/1"),
    ("I247.5/999", "I25/1"),
    ("I2/5", "I207/1"),
    ("I206.7/3", "I207.2/1"),
    ("K82/1", "K825.6/1"),
    ("K825.6/1", "K826/1"),
    ("F27/1", "F279.2/1"),
    # 种次号 by number, not by character
    ("I247.5/12", "I247.5/102"),
    ("I247.5/9", "I247.5/10"),
    ("I247.5/99", "I247.5/100"),
    ("I247.5/1", "I247.5/2"),
    ("I247.5/1999", "I247.5/2000"),
    # a class alone before its numbered copies; the next class after all of them
    ("I247", "I247/1"),
    ("I247.5/12345", "I247.51/1"),
    # volume and copy parts
    ("I247.5/123", "I247.5/123:2"),
    ("I247.5/123:2", "I247.5/123:10"),
    ("I247.5/123:10", "I247.5/124"),
    ("I247.5/123:1", "I247.5/123:2"),
    ("I247.5/123=2", "I247.5/123=10"),
    ("I247.5/123:2", "I247.5/123:2=2"),
    ("I247.5/123=3", "I247.5/124=1"),
    # auxiliary marks: after the bare class, before the next digit, in the tables' order
    ("TP3/1", "TP3-53/1"),
    ("TP3-53/1", "TP30/1"),
    ("K825.6/5", "K825.6=74/1"),
    ("F279.2(71)/1", "F279.2(712)/1"),
    ("D6-0/1", "D6(2)/1"),
    ("D6(2)/1", "D6=3/1"),
    ("K28=2/1", 'K28"1"/1'),
    ("G623.2/1", "G623.2:I/1"),
    # Latin letters of the T class, and of older editions' programming languages
    ("T-65/1", "TB1/1"),
    ("TB1/1", "TP1/1"),
    ("TN929/1", "TP311/1"),
    ("TP311/1", "TP311.13/1"),
    ("TP311.13/1", "TP312/1"),
    ("TP312/1", "TP312BA/1"),
    ("TP312BA/1", "TP312C/1"),
    ("TP312C/1", "TP312JA/1"),
    ("TP3/9", "TQ1/1"),
    # letters of the top classes
    ("A8/1", "B0/1"),
    # author numbers sort after 种次号 of the same class, and by their letters
    ("I210/99", "I210/LX"),
    ("I210/LX", "I210/LXX"),
]

SAME = [
    # old systems' forms: full-width, lower case, spaces around the slash
    ("Ｉ２４７．５／１２３", "I247.5/123"),
    ("tp311.13/5", "TP311.13/5"),
    ("I247.5 / 123", "I247.5/123"),
    ("I247.5/123：2", "I247.5/123:2"),
]


@pytest.mark.parametrize(("first", "after"), PAIRS)
def test_call_numbers_sort_in_shelf_order(first, after):
    assert sort_key(first) < sort_key(after)


def test_the_table_of_tricky_pairs_has_at_least_forty_pairs():
    assert len(PAIRS) + len(SAME) >= 40


@pytest.mark.parametrize(("old", "new"), SAME)
def test_older_systems_forms_make_the_same_key_as_the_plain_form(old, new):
    assert sort_key(old) == sort_key(new)


def test_a_whole_shelf_sorts_from_any_starting_order():
    shelf = ["I247.5/9", "I247.5/10", "I247.5/100", "I247.5/100:2", "I247.57/1", "I25/2", "K296.44/1", "TP311/5"]
    assert sorted(reversed(shelf), key=sort_key) == shelf


def test_a_volume_part_follows_the_librarys_pattern():
    assert with_parts("I247.5/123", volume="2", volume_pattern="{call_number}:{volume}", copy_pattern="") == (
        "I247.5/123:2"
    )


def test_a_copy_part_follows_the_librarys_pattern():
    assert with_parts("I247.5/123", copy="2", volume_pattern="", copy_pattern="{call_number}={copy}") == (
        "I247.5/123=2"
    )


def test_a_spine_label_puts_class_book_number_and_volume_on_their_own_lines():
    assert label_lines("I247.5/123:2") == ["I247.5", "123", ":2"]
