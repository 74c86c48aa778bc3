"""Orders: built from an ISBN list, a vendor's Excel list or MARC file, suggestions and a catalogue
search; the duplicate warning; claims; reports in kinds, volumes and amount."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook

from shuyuan.acquisitions import queries, services
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import Claim, Order
from shuyuan.testing.acquisitions import NOW, isbn13, make_order, vendor_marc
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record

pytestmark = pytest.mark.django_db


def place():
    return {"collection": make_collection(), "item_type": make_item_type()}


def test_an_isbn_list_takes_copies_price_and_title_from_each_line():
    specs = services.lines_from_isbn_list(f"{isbn13(1)},3,28.50,醴陵窑\n", **place())
    assert [(s.title, s.quantity, s.price) for s in specs] == [("醴陵窑", 3, Decimal("28.50"))]


def test_an_isbn_the_catalogue_does_not_know_needs_a_title():
    with pytest.raises(AcquisitionsRefused) as refused:
        services.lines_from_isbn_list(f"{isbn13(1)},2\n", **place())
    assert refused.value.reason == Reason.UNKNOWN_ISBN and "书目" in refused.value.problems[0]


def test_an_invalid_isbn_in_the_list_is_named_by_its_line():
    with pytest.raises(AcquisitionsRefused) as refused:
        services.lines_from_isbn_list(f"{isbn13(1)},1,10,书\n9787111111111\n", **place())
    assert "第 2 行" in refused.value.problems[0]


def test_a_held_isbn_takes_the_catalogues_title():
    record = make_record("湘东文史", isbn=isbn13(5), isbn_key=isbn13(5), price="CNY35.00")
    specs = services.lines_from_isbn_list(isbn13(5), **place())
    assert (specs[0].title, specs[0].record, specs[0].price) == ("湘东文史", record, Decimal("35.00"))


def test_a_vendors_excel_list_orders_the_rows_with_copies_wanted():
    book = Workbook()
    sheet = book.active
    sheet.append(["ISBN", "题名", "责任者", "出版社", "定价", "数量", "分类号"])
    sheet.append([isbn13(1), "花鼓戏", "王五", "湖南文艺出版社", 32.0, 2, "J825"])
    sheet.append([isbn13(2), "不要的书", "", "", 20, 0, ""])
    data = io.BytesIO()
    book.save(data)
    specs = services.lines_from_vendor_list(data.getvalue(), **place())
    assert [(s.title, s.quantity, s.clc) for s in specs] == [("花鼓戏", 2, "J825")]


def test_a_vendors_marc_file_makes_a_line_per_record():
    specs = services.lines_from_marc(vendor_marc([isbn13(1), isbn13(2)]), quantity=2, **place())
    assert [(s.quantity, s.price) for s in specs] == [(2, Decimal("40.00")), (2, Decimal("40.00"))]


def test_a_title_already_held_is_warned_about():
    record = make_record("已有的书", isbn=isbn13(3), isbn_key=isbn13(3))
    make_item(record)
    order = make_order([isbn13(3)])
    assert any("已有" in w or "馆藏" in w for w in order.warnings)


def test_a_title_already_on_order_is_warned_about():
    make_order([isbn13(3)], quantity=2)
    order = make_order([isbn13(3)])
    assert any("在订" in warning for warning in order.warnings)


def test_a_new_title_brings_no_warning():
    assert make_order([isbn13(4)]).warnings == []


def test_a_claim_asks_for_the_copies_not_yet_received():
    order = make_order([isbn13(1)], quantity=3)
    services.receive(order.lines.get(), 1, at=NOW, by=None)
    services.claim(order.lines.get(), at=NOW, by=None)
    assert Claim.objects.get().quantity == 2


def test_lines_waiting_past_a_date_are_listed_for_claims():
    order = make_order([isbn13(1)], quantity=1)
    assert queries.claimable(NOW + timedelta(days=30)) == [order.lines.get()]


def test_an_order_whose_copies_all_came_and_were_invoiced_closes():
    order = make_order([isbn13(1)], quantity=1)
    line = order.lines.get()
    services.receive(line, 1, at=NOW, by=None)
    services.record_invoice(
        order.vendor, "FP1", NOW.date(), [services.InvoiceItem(line, 1, line.unit_cost)], at=NOW, by=None
    )
    assert Order.objects.get(pk=order.pk).status == Order.Status.CLOSED


def test_the_report_counts_kinds_volumes_and_amount():
    order = make_order([isbn13(1), isbn13(2)], quantity=3, price="40.00")
    for line in order.lines.all():
        services.receive(line, 2, at=NOW, by=None)
    services.receive(order.lines.first(), 1, at=NOW, by=None)
    total = queries.received_totals(NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert (total.kinds, total.volumes, total.amount) == (2, 5, Decimal("150.00"))


def test_the_report_groups_by_clc_top_class():
    order = make_order([isbn13(1)], quantity=2)
    services.receive(order.lines.get(), 2, at=NOW, by=None)
    rows = queries.received_report(NOW - timedelta(days=1), NOW + timedelta(days=1), by="clc")
    assert [(row.label, row.kinds, row.volumes) for row in rows] == [("I", 1, 2)]


@pytest.mark.parametrize("quantity", [2.5, "inf", "nan"])
def test_a_vendor_list_quantity_that_is_not_a_whole_number_is_named_by_its_row(quantity):
    book = Workbook()
    book.active.append(["ISBN", "题名", "定价", "数量"])
    book.active.append([isbn13(1), "花鼓戏", 32, quantity])
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(AcquisitionsRefused) as refused:
        services.lines_from_vendor_list(data.getvalue(), **place())
    assert "2" in " ".join(refused.value.problems)


def test_order_numbers_follow_one_another_in_the_librarys_month():
    first, second = make_order([isbn13(1)]), make_order([isbn13(2)])
    month = f"DD{timezone.localtime(NOW):%Y%m}"
    assert (first.number, second.number) == (f"{month}0001", f"{month}0002")


def test_an_order_placed_before_eight_in_the_morning_is_numbered_in_the_librarys_month():
    at = datetime(2016, 7, 31, 23, 30, tzinfo=UTC)  # 1 August, 07:30 in Beijing
    assert services.next_order_number(at).startswith("DD201608")


def test_a_number_given_by_hand_is_not_given_again():
    make_order([isbn13(1)])
    Order.objects.filter().update(number=f"DD{timezone.localtime(NOW):%Y%m}0002")
    assert make_order([isbn13(2)]).number.endswith("0003")
