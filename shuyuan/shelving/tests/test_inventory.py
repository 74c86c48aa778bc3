"""Inventory (清点): what is missing, misplaced, or away and therefore not missing; confirmation; files."""

from datetime import timedelta

import pytest

from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.shelving.errors import Reason, ShelvingRefused
from shuyuan.shelving.inventory import report
from shuyuan.shelving.services import confirm_inventory, import_reader_file, record_scans, start_inventory
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_collection, make_item

pytestmark = pytest.mark.django_db
Status = Item.Status


@pytest.fixture
def shelf():
    collection = make_collection()
    return collection, [make_item(collection=collection, call_number=f"I247.5/{n}") for n in (1, 2, 3, 4)]


def inventory_of(collection, **range_):
    return start_inventory("二楼书库", branch=collection.branch, collection=collection, at=NOW, by=None, **range_)


def scan(inventory, *items):
    return record_scans(inventory, [item.barcode for item in items], at=NOW, by=None)


def test_an_item_on_the_shelf_that_was_not_read_is_missing(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    scan(inventory, items[0], items[1], items[2])
    assert [f.code for f in report(inventory).missing] == [items[3].barcode]


def test_an_item_on_loan_that_was_not_read_is_not_missing(shelf):
    collection, items = shelf
    lent = make_item(collection=collection, status=Status.ON_LOAN)
    inventory = inventory_of(collection)
    scan(inventory, *items)
    found = report(inventory)
    assert ([f.code for f in found.away], found.missing) == ([lent.barcode], [])


def test_an_item_in_transit_that_was_not_read_is_not_missing(shelf):
    collection, items = shelf
    moving = make_item(collection=collection, status=Status.IN_TRANSIT)
    inventory = inventory_of(collection)
    scan(inventory, *items)
    assert [f.code for f in report(inventory).away] == [moving.barcode]


def test_an_item_read_out_of_shelving_order_is_misplaced(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    scan(inventory, items[0], items[3], items[1], items[2])
    assert [f.code for f in report(inventory).misplaced] == [items[3].barcode]


def test_an_item_of_another_collection_is_reported_as_belonging_elsewhere(shelf):
    collection, items = shelf
    stray = make_item(collection=make_collection(collection.branch, name="少儿图书"))
    inventory = inventory_of(collection)
    scan(inventory, items[0], stray)
    assert [(f.code, "少儿图书" in f.note) for f in report(inventory).elsewhere] == [(stray.barcode, True)]


def test_an_item_of_another_branch_is_reported_as_belonging_elsewhere(shelf):
    collection, items = shelf
    stray = make_item(branch=make_branch())
    inventory = inventory_of(collection)
    scan(inventory, items[0], stray)
    assert [f.code for f in report(inventory).elsewhere] == [stray.barcode]


def test_a_shelf_range_counts_only_its_call_numbers(shelf):
    collection, _items = shelf
    inventory = inventory_of(collection, call_number_from="I247.5/2", call_number_to="I247.5/3")
    assert report(inventory).expected == 2


def test_the_upper_end_of_a_range_takes_in_the_volumes_of_its_last_number(shelf):
    collection, _items = shelf
    make_item(collection=collection, call_number="I247.5/3:2")
    make_item(collection=collection, call_number="I247.57/1")
    inventory = inventory_of(collection, call_number_from="I247.5/3", call_number_to="I247.5/3")
    assert report(inventory).expected == 2


def test_a_range_that_is_back_to_front_is_refused(shelf):
    collection, _items = shelf
    with pytest.raises(ShelvingRefused) as refused:
        inventory_of(collection, call_number_from="I247.5/9", call_number_to="I247.5/1")
    assert refused.value.reason == Reason.BAD_RANGE


def test_an_item_read_though_recorded_as_on_loan_is_reported(shelf):
    collection, items = shelf
    lent = make_item(collection=collection, status=Status.ON_LOAN, call_number="I247.5/5")
    inventory = inventory_of(collection)
    scan(inventory, *items, lent)
    assert [f.code for f in report(inventory).mismatch] == [lent.barcode]


def test_confirming_marks_the_missing_as_missing(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    scan(inventory, *items[:3])
    confirm_inventory(inventory, at=NOW, by=None)
    items[3].refresh_from_db()
    assert items[3].status == Status.MISSING


def test_confirming_records_the_inventory_as_the_reason(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    scan(inventory, *items[:3])
    confirm_inventory(inventory, at=NOW, by=None)
    assert ItemStatusChange.objects.get(item=items[3]).reason == f"inventory:{inventory.pk}"


def test_confirming_leaves_items_on_loan_alone(shelf):
    collection, items = shelf
    lent = make_item(collection=collection, status=Status.ON_LOAN)
    inventory = inventory_of(collection)
    scan(inventory, *items)
    confirm_inventory(inventory, at=NOW, by=None)
    lent.refresh_from_db()
    assert lent.status == Status.ON_LOAN


def test_confirming_puts_a_missing_item_that_was_read_back_on_the_shelf(shelf):
    collection, items = shelf
    found = make_item(collection=collection, status=Status.MISSING, call_number="I247.5/5")
    inventory = inventory_of(collection)
    scan(inventory, *items, found)
    confirm_inventory(inventory, at=NOW, by=None)
    found.refresh_from_db()
    assert found.status == Status.ON_SHELF


def test_an_inventory_can_be_resumed_on_another_day(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    scan(inventory, items[0], items[1])
    record_scans(inventory, [items[2].barcode, items[3].barcode], at=NOW + timedelta(days=1), by=None)
    assert (report(inventory).scanned, report(inventory).missing) == (4, [])


def test_a_confirmed_inventory_takes_no_more_scans(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    confirm_inventory(inventory, at=NOW, by=None)
    with pytest.raises(ShelvingRefused) as refused:
        scan(inventory, items[0])
    assert refused.value.reason == Reason.INVENTORY_CLOSED


def test_an_item_read_twice_is_kept_once(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    outcomes = scan(inventory, items[0], items[0])
    assert ([o.refusal for o in outcomes], report(inventory).scanned) == ([None, Reason.ALREADY_SCANNED], 1)


def test_a_handheld_file_finds_items_by_barcode_and_by_rfid_tag(shelf):
    collection, items = shelf
    Item.objects.filter(pk=items[1].pk).update(rfid_tag="E280116060000208")
    inventory = inventory_of(collection)
    import_reader_file(inventory, f"{items[0].barcode}\nE280116060000208,2016-03-01 10:00\n", at=NOW, by=None)
    assert [f.code for f in report(inventory).missing] == [items[2].barcode, items[3].barcode]


def test_unknown_barcodes_and_garbled_lines_of_a_file_are_listed_with_their_line(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    outcomes = import_reader_file(inventory, f"{items[0].barcode}\nNOSUCH99\n\x00\x1b条码\n", at=NOW, by=None)
    assert [(o.line, o.refusal) for o in outcomes if not o.done] == [
        (2, Reason.UNKNOWN_CODE), (3, Reason.GARBLED_LINE),
    ]  # fmt: skip


def test_the_problem_lines_of_a_file_are_kept_in_the_report(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    import_reader_file(inventory, f"{items[0].barcode}\nNOSUCH99\n\x00\x1b条码\n", at=NOW, by=None)
    assert [f.line for f in report(inventory).problems] == [2, 3]


def test_the_good_lines_of_a_file_with_bad_ones_are_all_kept(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    text = "\n".join([items[0].barcode, "###", items[1].barcode, "NOSUCH", items[2].barcode])
    import_reader_file(inventory, text, at=NOW, by=None)
    assert report(inventory).scanned == 3


def test_the_scans_of_a_file_read_back_as_the_orm_writes_them(shelf):
    collection, items = shelf
    inventory = inventory_of(collection)
    import_reader_file(inventory, f"{items[0].barcode}\nNOSUCH99\n", at=NOW, by=None)
    record_scans(inventory, [items[1].barcode], at=NOW, by=None)
    rows = list(inventory.scans.order_by("pk").values_list("code", "item", "problem", "source", "line", "scanned_at"))
    assert rows == [
        (items[0].barcode, items[0].pk, "", "file", 1, NOW),
        ("NOSUCH99", None, "unknown", "file", 2, NOW),
        (items[1].barcode, items[1].pk, "", "scan", None, NOW),
    ]
