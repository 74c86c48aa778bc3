"""The re-cataloguing progress board: per collection and day, and per cataloguer and day."""

from datetime import timedelta

import pytest

from shuyuan.catalog.marc import MarcFormat
from shuyuan.catalog.models import Item, LabelPrint
from shuyuan.catalog.services_cataloguing import add_copies, save_record
from shuyuan.roles import Role
from shuyuan.shelving.queries import progress
from shuyuan.shelving.rules import Action
from shuyuan.shelving.services import change_status_by_scan
from shuyuan.testing.branches import NOW, make_branch, make_staff
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record

pytestmark = pytest.mark.django_db
DAY = NOW.date()


def row_of(board, collection):
    return next(row for row in board.collections if row.collection == collection.name)


def test_items_taken_off_the_shelf_are_counted_for_their_collection_and_day():
    collection = make_collection()
    items = [make_item(collection=collection) for _ in range(3)]
    change_status_by_scan([item.barcode for item in items], Action.TAKE_OFF, at=NOW, by=None)
    assert row_of(progress(DAY, DAY), collection).off_shelf == 3


def test_items_put_back_are_counted_as_shelved():
    collection = make_collection()
    item = make_item(collection=collection, status=Item.Status.IN_PROCESSING)
    change_status_by_scan([item.barcode], Action.SHELVE, at=NOW, by=None)
    assert row_of(progress(DAY, DAY), collection).shelved == 1


def test_an_item_labelled_twice_in_a_day_is_counted_once():
    collection = make_collection()
    item = make_item(collection=collection, status=Item.Status.IN_PROCESSING)
    for kind in ("barcode", "spine"):
        LabelPrint.objects.create(item=item, kind=kind, printed_at=NOW, by_label="system")
    assert row_of(progress(DAY, DAY), collection).labelled == 1


def test_an_item_in_processing_whose_record_is_edited_is_counted_as_catalogued():
    collection = make_collection()
    item = make_item(collection=collection)
    change_status_by_scan([item.barcode], Action.TAKE_OFF, at=NOW, by=None)
    record = item.record
    values = {"title": "平凡的世界", "responsibility": record.responsibility, "clc": "I247.5", "language": "chi"}
    save_record(record, values, marc_format=MarcFormat.CNMARC, at=NOW + timedelta(minutes=5), by=None)
    assert row_of(progress(DAY, DAY), collection).catalogued == 1


def test_an_item_on_the_shelf_whose_record_is_edited_is_not_counted_as_catalogued():
    collection = make_collection()
    item = make_item(collection=collection)
    values = {"title": "平凡的世界", "responsibility": item.record.responsibility, "clc": "I247.5", "language": "chi"}
    save_record(item.record, values, marc_format=MarcFormat.CNMARC, at=NOW, by=None)
    assert progress(DAY, DAY).collections == []


def test_a_cataloguers_day_counts_records_created_and_copies_added_in_kinds_and_volumes():
    branch = make_branch()
    cataloguer = make_staff(Role.CATALOGUING, branch)
    collection = make_collection(branch)
    values = {"title": "平凡的世界", "responsibility": "路遥著", "clc": "I247.5", "language": "chi"}
    record = save_record(None, values, marc_format=MarcFormat.CNMARC, at=NOW, by=cataloguer)
    add_copies(record, 3, collection=collection, item_type=make_item_type(), at=NOW, by=cataloguer)
    add_copies(make_record(), 2, collection=collection, item_type=make_item_type(), at=NOW, by=cataloguer)
    row = progress(DAY, DAY).cataloguers[0]
    assert (row.records_created, row.copies_kinds, row.copies_volumes) == (1, 2, 5)


def test_the_board_counts_only_its_days():
    collection = make_collection()
    item = make_item(collection=collection)
    change_status_by_scan([item.barcode], Action.TAKE_OFF, at=NOW, by=None)
    assert progress(DAY + timedelta(days=1), DAY + timedelta(days=2)).totals["off_shelf"] == 0
