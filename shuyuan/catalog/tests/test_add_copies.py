"""services_cataloguing.add_copies: copies in processing through catalog.items.create_items."""

import pytest
from django.utils import translation

from shuyuan.catalog.errors import CatalogRefused, Reason
from shuyuan.catalog.models import Item
from shuyuan.catalog.services_cataloguing import add_copies
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record

pytestmark = pytest.mark.django_db


def add(record, count=1, **kwargs):
    return add_copies(
        record, count, collection=make_collection(), item_type=make_item_type(), at=NOW, by=None, **kwargs
    )


def test_copies_take_barcodes_from_the_sequence_and_wait_in_processing():
    items = add(make_record(), 2)
    assert [(i.barcode, i.status) for i in items] == [("LL00000001", "in_processing"), ("LL00000002", "in_processing")]


def test_scanned_barcodes_are_used_as_they_are():
    assert [item.barcode for item in add(make_record(), barcodes=["A0001", "A0002"])] == ["A0001", "A0002"]


def test_a_barcode_already_used_refuses_every_copy_in_chinese():
    make_item(barcode="A0001")
    with pytest.raises(CatalogRefused) as refused:
        add(make_record(), barcodes=["A0002", "A0001"])
    with translation.override("zh-hans"):
        assert str(refused.value.reason.label) == "条码已被其他单册使用"
    assert not Item.objects.filter(barcode="A0002").exists()


def test_a_barcode_scanned_twice_is_refused():
    with pytest.raises(CatalogRefused) as refused:
        add(make_record(), barcodes=["A0003", "A0003"])
    assert refused.value.reason == Reason.DUPLICATE_BARCODE


def test_a_copy_of_a_volume_carries_the_volume_in_its_call_number():
    record = make_record(call_number="I247.5/123")
    assert add(record, volume="2")[0].call_number == "I247.5/123:2"
