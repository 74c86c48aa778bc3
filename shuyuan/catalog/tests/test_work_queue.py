"""The work queue: copies in processing with their next step (a call number, labels, the shelf)."""

import pytest

from shuyuan.catalog.items import create_items
from shuyuan.catalog.models import Item, LabelPrint
from shuyuan.catalog.queries_cataloguing import items_for_labels, work_queue
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record

pytestmark = pytest.mark.django_db


def waiting(**fields):
    return make_item(status=Item.Status.IN_PROCESSING, **fields)


def test_a_copy_without_a_call_number_waits_for_one():
    waiting(call_number="")
    assert [entry.next_step for entry in work_queue()] == ["call_number"]


def test_a_copy_with_a_call_number_waits_for_its_labels():
    waiting(call_number="I247.5/1")
    assert [entry.next_step for entry in work_queue()] == ["labels"]


def test_a_labelled_copy_waits_to_be_shelved():
    item = waiting(call_number="I247.5/1")
    LabelPrint.objects.create(item=item, kind="spine", printed_at=NOW, by_label="system")
    assert [entry.next_step for entry in work_queue()] == ["shelve"]


def test_copies_on_the_shelf_are_not_in_the_queue():
    make_item()
    assert work_queue() == []


def test_the_queue_is_in_shelf_order():
    waiting(call_number="I247.5/102")
    waiting(call_number="I247.5/12")
    assert [entry.item.call_number for entry in work_queue()] == ["I247.5/12", "I247.5/102"]


def test_the_queue_says_where_a_copy_came_from():
    items = create_items(
        make_record(), 1, collection=make_collection(), item_type=make_item_type(), at=NOW, by=None,
        reason="验收单 2016-031",
    )  # fmt: skip
    assert [(entry.item, entry.source) for entry in work_queue()] == [(items[0], "验收单 2016-031")]


def test_the_queue_can_show_one_step_only():
    waiting(call_number="")
    waiting(call_number="I247.5/1")
    assert [entry.next_step for entry in work_queue(step="labels")] == ["labels"]


def test_labels_can_be_printed_for_a_receiving_batch():
    items = create_items(
        make_record(), 2, collection=make_collection(), item_type=make_item_type(), at=NOW, by=None,
        reason="验收单 2016-031",
    )  # fmt: skip
    make_item()
    assert items_for_labels(reason="验收单 2016-031") == items
