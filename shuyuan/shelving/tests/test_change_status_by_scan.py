"""Scanning to change status in bulk: off the shelf for re-cataloguing, back on the shelf, to binding."""

import pytest

from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.catalog.queries_cataloguing import work_queue
from shuyuan.shelving.errors import Reason, ShelvingRefused
from shuyuan.shelving.rules import Action
from shuyuan.shelving.services import change_status_by_scan
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_item

pytestmark = pytest.mark.django_db
Status = Item.Status


def scan(codes, action):
    return change_status_by_scan(codes, action, at=NOW, by=None)


def test_taking_an_item_off_the_shelf_puts_it_in_processing():
    item = make_item()
    scan([item.barcode], Action.TAKE_OFF)
    item.refresh_from_db()
    assert item.status == Status.IN_PROCESSING


def test_taking_an_item_off_the_shelf_records_why_in_its_history():
    item = make_item()
    scan([item.barcode], Action.TAKE_OFF)
    change = ItemStatusChange.objects.get(item=item)
    assert (change.old_status, change.new_status, change.reason, change.at) == (
        Status.ON_SHELF, Status.IN_PROCESSING, "shelf:recataloguing", NOW,
    )  # fmt: skip


def test_sending_an_item_to_binding_records_binding_as_the_reason():
    item = make_item()
    scan([item.barcode], Action.BINDING)
    assert ItemStatusChange.objects.get(item=item).reason == "shelf:binding"


def test_putting_an_item_back_puts_it_on_the_shelf():
    item = make_item(status=Status.IN_PROCESSING)
    scan([item.barcode], Action.SHELVE)
    item.refresh_from_db()
    assert item.status == Status.ON_SHELF


def test_an_item_on_loan_is_refused_and_the_rest_of_the_batch_goes_on():
    lent, shelved = make_item(status=Status.ON_LOAN), make_item()
    outcomes = scan([lent.barcode, shelved.barcode], Action.TAKE_OFF)
    shelved.refresh_from_db()
    assert ([o.refusal for o in outcomes], shelved.status) == ([Reason.ON_LOAN, None], Status.IN_PROCESSING)


def test_an_unknown_barcode_is_listed_with_a_chinese_reason():
    outcomes = scan(["NOSUCH01"], Action.TAKE_OFF)
    assert outcomes[0].message == "没有单册使用这个条码或 RFID 标签。"


def test_an_item_without_a_call_number_is_not_shelved():
    item = make_item(status=Status.IN_PROCESSING, call_number="")
    assert scan([item.barcode], Action.SHELVE)[0].refusal == Reason.NO_CALL_NUMBER


def test_an_item_scanned_twice_changes_once():
    item = make_item()
    outcomes = scan([item.barcode, item.barcode], Action.TAKE_OFF)
    assert ([o.refusal for o in outcomes], ItemStatusChange.objects.filter(item=item).count()) == (
        [None, Reason.ALREADY_OFF_SHELF], 1,
    )  # fmt: skip


def test_an_item_is_found_by_its_rfid_tag():
    item = make_item(rfid_tag="E2801160600002084A7B1C3D")
    scan(["E2801160600002084A7B1C3D"], Action.TAKE_OFF)
    item.refresh_from_db()
    assert item.status == Status.IN_PROCESSING


def test_a_missing_item_that_turns_up_goes_back_on_the_shelf():
    item = make_item(status=Status.MISSING)
    scan([item.barcode], Action.SHELVE)
    item.refresh_from_db()
    assert item.status == Status.ON_SHELF


def test_an_empty_scan_is_refused():
    with pytest.raises(ShelvingRefused) as refused:
        scan(["  "], Action.SHELVE)
    assert refused.value.reason == Reason.NOTHING_READ


def test_the_work_queue_says_an_item_taken_off_the_shelf_is_there_for_re_cataloguing():
    item = make_item()
    scan([item.barcode], Action.TAKE_OFF)
    assert [(entry.item, entry.source) for entry in work_queue()] == [(item, "重新编目")]
