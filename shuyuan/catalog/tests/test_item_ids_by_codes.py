"""The one barcode look-up for many codes at once: barcode, then RFID tag, then old barcode."""

import pytest

from shuyuan.catalog.models import OldBarcode
from shuyuan.catalog.queries import item_by_barcode, item_ids_by_codes
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_item

pytestmark = pytest.mark.django_db


def test_each_code_finds_the_item_the_single_look_up_finds():
    by_barcode = make_item(barcode="LL00000001")
    by_tag = make_item(barcode="LL00000002", rfid_tag="E280116060000208")
    relabelled = make_item(barcode="LL00000003")
    OldBarcode.objects.create(barcode="OLD0001", item=relabelled, created_at=NOW)
    codes = ["LL00000001", "E280116060000208", "OLD0001", "NOSUCH"]
    single = {code: item.pk for code in codes if (item := item_by_barcode(code)) is not None}
    assert item_ids_by_codes(codes) == single == {
        "LL00000001": by_barcode.pk, "E280116060000208": by_tag.pk, "OLD0001": relabelled.pk,
    }  # fmt: skip


def test_a_barcode_wins_over_another_items_rfid_tag():
    tagged = make_item(barcode="LL00000010", rfid_tag="LL00000011")
    labelled = make_item(barcode="LL00000011")
    assert (item_ids_by_codes(["LL00000011"]), tagged.pk) == ({"LL00000011": labelled.pk}, tagged.pk)
