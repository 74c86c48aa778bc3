"""The one look-up of a scanned item: its barcode, a barcode it carried before relabelling, or its RFID tag."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuyuan.catalog.models import OldBarcode
from shuyuan.catalog.queries import item_by_barcode
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_item

pytestmark = pytest.mark.django_db


def relabel(item, old_barcode):
    return OldBarcode.objects.create(barcode=old_barcode, item=item, created_at=NOW)


def test_it_finds_an_item_by_its_current_barcode():
    item = make_item(barcode="LL00000001")
    assert item_by_barcode("LL00000001").pk == item.pk


def test_it_finds_a_relabelled_item_by_its_old_barcode():
    item = make_item(barcode="LL00000002")
    relabel(item, "0002")
    assert item_by_barcode("0002").pk == item.pk


def test_it_finds_an_item_by_its_rfid_tag_id():
    item = make_item(barcode="LL00000003", rfid_tag="E20034120B1B0170")
    assert item_by_barcode("E20034120B1B0170").pk == item.pk


def test_a_current_barcode_wins_over_another_items_old_barcode():
    relabel(make_item(barcode="LL00000004"), "LL00000005")
    current = make_item(barcode="LL00000005")
    assert item_by_barcode("LL00000005").pk == current.pk


def test_the_scanned_code_is_trimmed():
    item = make_item(barcode="LL00000006")
    assert item_by_barcode(" LL00000006\r\n").pk == item.pk


def test_an_unknown_code_finds_nothing():
    make_item(barcode="LL00000007", rfid_tag="TAG7")
    assert item_by_barcode("LL00000008") is None


def test_a_blank_code_finds_nothing_even_beside_items_without_a_tag():
    make_item(barcode="LL00000009")
    assert item_by_barcode("  ") is None


def test_the_item_comes_with_its_title_type_collection_and_branches_in_one_statement():
    make_item(barcode="LL00000010")
    with CaptureQueriesContext(connection) as captured:
        item = item_by_barcode("LL00000010")
        shown = (item.record.title, item.item_type.code, item.collection.code, item.home_branch.code)
        shown += (item.current_branch.code,)
    assert (len(captured.captured_queries), all(shown)) == (1, True)


def test_a_current_barcode_wins_over_another_items_rfid_tag():
    make_item(barcode="LL00000011", rfid_tag="LL00000012")
    current = make_item(barcode="LL00000012")
    assert item_by_barcode("LL00000012").pk == current.pk


def test_an_rfid_tag_wins_over_another_items_old_barcode():
    relabel(make_item(barcode="LL00000013"), "E200341200000014")
    tagged = make_item(barcode="LL00000014", rfid_tag="E200341200000014")
    assert item_by_barcode("E200341200000014").pk == tagged.pk
