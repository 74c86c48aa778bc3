from shuyuan.catalog.callnumbers import sort_key


def test_call_numbers_sort_in_clc_shelf_order():
    shelf = ["I247.5/9", "I247.5/10", "I247.5/100", "I247.57/1", "I25/2", "K296.44/1", "TP311/5"]
    assert sorted(reversed(shelf), key=sort_key) == shelf


def test_a_class_without_book_number_comes_before_its_numbered_copies():
    assert sort_key("I247") < sort_key("I247/1") < sort_key("I247.5")
