"""RFID: link a tag to an item when labelling, find the item by it, import a conversion station's file."""

import pytest

from shuyuan.audit.models import AuditEntry
from shuyuan.catalog.queries import item_by_barcode
from shuyuan.shelving.errors import Reason, ShelvingRefused
from shuyuan.shelving.services import import_tag_file, link_tag
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_item

pytestmark = pytest.mark.django_db
TAG = "E2801160600002084A7B1C3D"


def test_a_linked_tag_finds_its_item_through_the_barcode_look_up():
    item = make_item()
    link_tag(item, TAG.lower(), at=NOW, by=None)
    assert item_by_barcode(TAG) == item


def test_linking_a_tag_is_audited():
    item = make_item()
    link_tag(item, TAG, at=NOW, by=None)
    assert AuditEntry.objects.get(action="catalog.link_rfid_tag").detail["to"] == TAG


def test_a_tag_linked_to_another_item_is_refused_with_that_items_barcode():
    make_item(barcode="LL00000001", rfid_tag=TAG)
    with pytest.raises(ShelvingRefused) as refused:
        link_tag(make_item(), TAG, at=NOW, by=None)
    assert refused.value.message == "这个 RFID 标签已关联单册 LL00000001。"


def test_a_tag_that_is_not_hexadecimal_is_refused():
    with pytest.raises(ShelvingRefused) as refused:
        link_tag(make_item(), "NOT-A-TAG", at=NOW, by=None)
    assert refused.value.reason == Reason.BAD_TAG


def test_a_new_tag_replaces_the_items_old_one():
    item = make_item(rfid_tag="E280116060000001")
    link_tag(item, "E280116060000002", at=NOW, by=None)
    assert (item_by_barcode("E280116060000001"), item_by_barcode("E280116060000002")) == (None, item)


def test_a_conversion_stations_file_links_every_good_line():
    first, second = make_item(barcode="LL00000001"), make_item(barcode="LL00000002")
    import_tag_file("E280116060000001,LL00000001\nE280116060000002\tLL00000002\n", at=NOW, by=None)
    assert (item_by_barcode("E280116060000001"), item_by_barcode("E280116060000002")) == (first, second)


def test_unknown_barcodes_and_garbled_lines_of_a_tag_file_are_listed_and_the_rest_linked():
    item = make_item(barcode="LL00000001")
    outcomes = import_tag_file("garbage\nE280116060000009,NOSUCH\nE280116060000001,LL00000001\n", at=NOW, by=None)
    assert ([(o.line, o.refusal) for o in outcomes], item_by_barcode("E280116060000001")) == (
        [(1, Reason.GARBLED_LINE), (2, Reason.UNKNOWN_CODE), (3, None)], item,
    )  # fmt: skip
