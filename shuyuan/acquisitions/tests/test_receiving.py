"""Receiving: by scan, partial, and a vendor's shipment in one batch."""

from unittest import mock

import pytest

from shuyuan.acquisitions import services
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import Discrepancy, Receipt
from shuyuan.catalog.models import Item, Record
from shuyuan.catalog.search import SearchQuery, search
from shuyuan.testing.acquisitions import NOW, barcode_list, isbn13, make_order, vendor_marc
from shuyuan.testing.catalog import make_item

pytestmark = pytest.mark.django_db


def test_a_scanned_isbn_makes_one_copy_in_processing():
    order = make_order([isbn13(1)])
    receipt = services.receive_scan(isbn13(1), at=NOW, by=None)
    item = Item.objects.get(barcode=receipt.barcodes[0])
    line = order.lines.get()
    assert (item.status, item.record.title, line.received) == (Item.Status.IN_PROCESSING, line.title, 1)


def test_a_resubmitted_scan_makes_no_second_copy():
    make_order([isbn13(1)])
    first = services.receive_scan(isbn13(1), at=NOW, by=None, request_key="form-1")
    again = services.receive_scan(isbn13(1), at=NOW, by=None, request_key="form-1")
    assert (again.pk, Item.objects.count(), Receipt.objects.count()) == (first.pk, 1, 1)


def test_an_unknown_isbn_is_refused_in_chinese():
    make_order([isbn13(1)])
    with pytest.raises(AcquisitionsRefused) as refused:
        services.receive_scan(isbn13(2), at=NOW, by=None)
    assert refused.value.reason == Reason.NOT_ON_ORDER and "不在" in str(refused.value)


def test_receiving_more_than_ordered_is_refused():
    order = make_order([isbn13(1)], quantity=2)
    with pytest.raises(AcquisitionsRefused) as refused:
        services.receive(order.lines.get(), 3, at=NOW, by=None)
    assert refused.value.reason == Reason.MORE_THAN_ORDERED and Item.objects.count() == 0


def test_a_partial_receipt_leaves_the_rest_outstanding():
    order = make_order([isbn13(1)], quantity=5)
    services.receive(order.lines.get(), 2, at=NOW, by=None)
    assert order.lines.get().outstanding == 3


def test_scanning_a_title_whose_copies_all_came_is_refused():
    make_order([isbn13(1)], quantity=1)
    services.receive_scan(isbn13(1), at=NOW, by=None)
    with pytest.raises(AcquisitionsRefused) as refused:
        services.receive_scan(isbn13(1), at=NOW, by=None)
    assert refused.value.reason == Reason.MORE_THAN_ORDERED


def test_a_batch_makes_the_vendors_barcoded_copies_of_the_ordered_titles():
    isbns = [isbn13(n) for n in range(1, 4)]
    order = make_order(isbns, quantity=2)
    batch = services.receive_batch(order, vendor_marc(isbns), barcode_list(isbns, 2), at=NOW, by=None)
    assert (batch.kinds, batch.volumes) == (3, 6)
    assert sorted(Item.objects.values_list("barcode", flat=True)) == [f"XH{n:08d}" for n in range(1, 7)]


def test_a_batch_puts_the_vendors_records_into_the_search_index():
    isbns = [isbn13(7)]
    order = make_order(isbns, quantity=1)
    services.receive_batch(
        order, vendor_marc(isbns, title_of=lambda _i: "醴陵瓷器史话"), barcode_list(isbns, 1), at=NOW, by=None
    )
    assert search(SearchQuery(text="醴陵瓷器")).total == 1


def test_copies_beyond_the_order_and_titles_not_on_it_are_listed_for_a_person():
    order = make_order([isbn13(1)], quantity=1)
    batch = services.receive_batch(
        order, vendor_marc([isbn13(1), isbn13(2)]), barcode_list([isbn13(1), isbn13(2)], 2), at=NOW, by=None
    )
    kinds = sorted(batch.discrepancies.values_list("kind", flat=True))
    assert (batch.volumes, kinds) == (
        1,
        [Discrepancy.Kind.NOT_ON_ORDER, Discrepancy.Kind.NOT_ON_ORDER, Discrepancy.Kind.OVER_RECEIPT],
    )


def test_a_batch_with_a_garbled_line_is_refused_whole():
    isbns = [isbn13(1), isbn13(2)]
    order = make_order(isbns, quantity=1)
    with pytest.raises(AcquisitionsRefused) as refused:
        services.receive_batch(order, vendor_marc(isbns), barcode_list(isbns, 1) + "@@乱码\n", at=NOW, by=None)
    assert "第 3 行" in refused.value.problems[0] and Item.objects.count() == 0


def test_a_batch_with_a_barcode_already_in_use_is_refused_whole():
    make_item(barcode="XH00000002")
    isbns = [isbn13(1), isbn13(2)]
    order = make_order(isbns, quantity=1)
    with pytest.raises(AcquisitionsRefused) as refused:
        services.receive_batch(order, vendor_marc(isbns), barcode_list(isbns, 1), at=NOW, by=None)
    assert "XH00000002" in refused.value.problems[0] and Item.objects.count() == 1


def test_a_batch_failing_half_way_keeps_nothing():
    isbns = [isbn13(n) for n in range(1, 5)]
    order = make_order(isbns, quantity=1)
    real = services._receive_copies
    calls = []

    def fail_on_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    with mock.patch.object(services, "_receive_copies", fail_on_third), pytest.raises(RuntimeError):
        services.receive_batch(order, vendor_marc(isbns), barcode_list(isbns, 1), at=NOW, by=None)
    assert (Item.objects.count(), Record.objects.count(), Receipt.objects.count()) == (0, 0, 0)
    assert order.lines.filter(received__gt=0).count() == 0
