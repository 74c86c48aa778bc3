"""Invoices line by line: each invoice line matched to an order line, its amount exact as typed."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shuyuan.acquisitions import services
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import Fund, Invoice, InvoiceLine
from shuyuan.roles import Role
from shuyuan.testing.acquisitions import NOW, isbn13, make_fund, make_order, make_vendor
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff(Role.ACQUISITIONS, make_branch()))
    return client


@pytest.fixture
def order():
    """Two titles of three copies at 40.00 less 25 % (30.00 a copy), all received."""
    made = make_order([isbn13(1), isbn13(2)], quantity=3, fund=make_fund("1000.00"))
    for line in made.lines.all():
        services.receive(line, 3, at=NOW, by=None)
    return made


def post_invoice(client, order, number="FP0001", **lines):
    data = {"number": number, "issued_on": "2016-03-20"}
    for line, (copies, amount) in zip(order.lines.order_by("pk"), lines.values(), strict=False):
        data[f"copies_{line.pk}"], data[f"amount_{line.pk}"] = copies, amount
    return client.post(reverse("acquisitions:invoice", args=[order.pk]), data, follow=True)


def test_each_invoice_line_is_matched_to_its_order_line_with_the_amount_as_printed(staff_client, order):
    post_invoice(staff_client, order, first=("3", "89.97"), second=("2", "60.01"))
    first, second = order.lines.order_by("pk")
    rows = {(e.line_id, e.quantity, e.amount) for e in InvoiceLine.objects.all()}
    assert rows == {(first.pk, 3, Decimal("89.97")), (second.pk, 2, Decimal("60.01"))}
    assert Invoice.objects.get().total == Decimal("149.98")


def test_the_fund_spends_the_invoiced_amounts_exactly_and_keeps_the_copy_not_invoiced_committed(staff_client, order):
    post_invoice(staff_client, order, first=("3", "89.97"), second=("2", "60.01"))
    fund = Fund.objects.get()
    assert (fund.spent, fund.committed, fund.remaining) == (Decimal("149.98"), Decimal("30.00"), Decimal("820.02"))


def test_a_line_left_at_no_copies_is_not_on_the_invoice(staff_client, order):
    post_invoice(staff_client, order, first=("0", "0"), second=("3", "90.00"))
    assert InvoiceLine.objects.get().line == order.lines.order_by("pk")[1]


def test_an_amount_with_a_fraction_of_a_fen_is_refused_in_chinese_and_nothing_is_recorded(staff_client, order):
    page = post_invoice(staff_client, order, first=("3", "89.975")).content.decode()
    assert "金额" in page and not Invoice.objects.exists()
    assert Fund.objects.get().spent == 0


def test_an_amount_that_is_not_a_number_is_refused(staff_client, order):
    post_invoice(staff_client, order, first=("3", "八十九元"))
    assert not Invoice.objects.exists()


def test_a_negative_amount_is_refused_by_the_service(order):
    line = order.lines.first()
    with pytest.raises(AcquisitionsRefused) as refused:
        services.record_invoice(
            order.vendor, "FP9", date(2016, 3, 20), [services.InvoiceItem(line, 1, Decimal("-1.00"))], at=NOW, by=None
        )
    assert refused.value.reason == Reason.BAD_AMOUNT


def test_the_same_invoice_number_from_the_same_vendor_is_refused_the_second_time(staff_client, order):
    post_invoice(staff_client, order, first=("1", "30.00"))
    page = post_invoice(staff_client, order, first=("1", "30.00")).content.decode()
    assert "该书商这个号码的发票已经登记过" in page and InvoiceLine.objects.count() == 1


def test_an_order_line_of_another_vendor_cannot_be_on_the_invoice(order):
    line = order.lines.first()
    with pytest.raises(AcquisitionsRefused) as refused:
        services.record_invoice(
            make_vendor(), "FP1", date(2016, 3, 20), [services.InvoiceItem(line, 1, Decimal("30.00"))], at=NOW, by=None
        )
    assert refused.value.reason == Reason.OTHER_VENDOR and not Invoice.objects.exists()


def test_more_copies_than_received_and_not_invoiced_are_refused_and_nothing_is_recorded(staff_client, order):
    post_invoice(staff_client, order, first=("3", "90.00"))
    post_invoice(staff_client, order, "FP0002", first=("1", "30.00"))
    assert list(Invoice.objects.values_list("number", flat=True)) == ["FP0001"]


def test_the_invoice_page_offers_each_line_received_at_its_cost(staff_client, order):
    page = staff_client.get(reverse("acquisitions:invoice", args=[order.pk])).content.decode()
    first = order.lines.order_by("pk")[0]
    assert f'name="amount_{first.pk}"' in page and 'value="90.00"' in page
