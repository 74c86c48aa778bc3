"""catalog.items.create_items: the building block through which receiving, binding and cataloguing make copies."""

from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from shuyuan.catalog import search
from shuyuan.catalog.items import create_items
from shuyuan.catalog.models import BarcodeSequence, Item, ItemStatusChange, OldBarcode, Record
from shuyuan.testing.branches import NOW, make_branch, make_staff
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record

pytestmark = pytest.mark.django_db


def create(count: int = 2, record: Record | None = None, **fields: Any) -> list[Item]:
    fields.setdefault("collection", make_collection())
    fields.setdefault("by", None)
    return create_items(record or make_record(), count, item_type=make_item_type(), at=NOW, **fields)


def test_new_copies_take_the_next_barcodes_of_the_configured_sequence():
    create(2)
    assert [item.barcode for item in create(3)] == ["LL00000003", "LL00000004", "LL00000005"]


@override_settings(SHUYUAN={"CATALOG": {"BARCODE_PREFIX": "ZG", "BARCODE_DIGITS": 6}})
def test_the_barcode_prefix_and_width_come_from_the_settings():
    assert [item.barcode for item in create(2)] == ["ZG000001", "ZG000002"]


def test_a_barcode_a_copy_already_carries_is_skipped():
    make_item(barcode="LL00000002")
    assert [item.barcode for item in create(2)] == ["LL00000001", "LL00000003"]


def test_a_barcode_known_as_an_old_barcode_is_skipped():
    OldBarcode.objects.create(barcode="LL00000001", item=make_item(), created_at=NOW)
    assert [item.barcode for item in create(1)] == ["LL00000002"]


def test_new_copies_are_stored_in_processing():
    made = create(2)
    assert (
        list(Item.objects.filter(pk__in=[item.pk for item in made]).values_list("status", flat=True))
        == [Item.Status.IN_PROCESSING] * 2
    )


def test_each_new_copy_starts_its_history_with_a_row_into_processing():
    staff = make_staff("cataloguing")
    made = create(2, by=staff, reason="订单 17")
    rows = ItemStatusChange.objects.filter(item__in=made).values_list(
        "item_id", "old_status", "new_status", "by_label", "reason"
    )
    assert sorted(rows) == [(item.pk, "", Item.Status.IN_PROCESSING, staff.get_username(), "订单 17") for item in made]


def test_new_copies_live_in_the_branch_of_their_collection():
    branch = make_branch(code="LL02")
    (item,) = create(1, collection=make_collection(branch))
    stored = Item.objects.get(pk=item.pk)
    assert (stored.home_branch_id, stored.current_branch_id) == (branch.pk, branch.pk)


def test_new_copies_take_the_records_call_number_with_its_sort_key_unless_given_one():
    record = make_record(call_number="I247.5/12")
    create(1, record)
    create(1, record, call_number="I247.5/12:2", volume="第2册")
    assert [(i.call_number, bool(i.call_number_sort), i.volume) for i in Item.objects.filter(record=record)] == [
        ("I247.5/12", True, ""),
        ("I247.5/12:2", True, "第2册"),
    ]


def test_new_copies_are_found_by_their_barcode_in_the_catalogue_search():
    record = make_record(title="醴陵县志")
    (item,) = create(1, record)
    assert search.search(search.SearchQuery(text=item.barcode)).record_ids == [record.pk]


def test_nothing_is_created_for_a_count_below_one():
    with pytest.raises(ValueError):
        create(0)


def test_copies_and_their_barcodes_go_when_the_callers_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        create(2)
        raise RuntimeError("the receiving failed")
    assert (Item.objects.count(), BarcodeSequence.objects.filter(next_value__gt=1).count()) == (0, 0)
