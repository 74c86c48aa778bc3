"""Budget arithmetic: order, partial receipt, cancellation, invoice and rollover neither lose nor
double-count money (property tests over random sequences of these acts)."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from shuyuan.acquisitions import services
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import Fund, InvoiceLine, OrderLine
from shuyuan.testing.acquisitions import NOW, isbn13, make_fund, make_order, make_vendor

acts = st.lists(
    st.tuples(
        st.sampled_from(["order", "receive", "cancel", "invoice", "rollover"]),
        st.integers(min_value=1, max_value=4),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("300"), places=2),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=14,
)


def check_books(base: Decimal) -> None:
    funds = list(Fund.objects.all())
    # Every yuan allocated is still somewhere: remaining, committed or spent, once.
    assert sum((f.remaining + f.committed + f.spent for f in funds), Decimal(0)) == base
    # Carried amounts cancel out across the years.
    assert sum((f.rolled_in for f in funds), Decimal(0)) == sum((f.rolled_out for f in funds), Decimal(0))
    for fund in funds:
        lines = OrderLine.objects.filter(fund=fund)
        assert fund.committed == sum((line.commitment for line in lines), Decimal(0))
        spent = InvoiceLine.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        assert fund.spent == spent
        if fund.is_closed:
            assert (fund.remaining, fund.committed) == (0, 0)


class BudgetTests(TestCase):
    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(acts)
    def test_no_money_is_lost_or_counted_twice(self, sequence):
        fund = make_fund("5000.00")
        vendor = make_vendor()
        base = fund.allocated
        invoice_number = 0
        for step, (act, count, amount, pick) in enumerate(sequence):
            fund = Fund.objects.filter(code=fund.code, is_closed=False).get()
            lines = list(OrderLine.objects.order_by("pk"))
            line = lines[pick % len(lines)] if lines else None
            try:
                if act == "order":
                    make_order([isbn13(step + 1)], quantity=count, price=str(amount), fund=fund, vendor=vendor)
                elif act == "receive" and line is not None:
                    services.receive(line, count, at=NOW, by=None)
                elif act == "cancel" and line is not None:
                    services.cancel(line, count, at=NOW, by=None)
                elif act == "invoice" and line is not None:
                    invoice_number += 1
                    entry = services.InvoiceItem(line, count, amount)
                    services.record_invoice(vendor, f"FP{invoice_number}", NOW.date(), [entry], at=NOW, by=None)
                elif act == "rollover":
                    services.rollover(fund, at=NOW, by=None)
            except AcquisitionsRefused as refused:
                assert refused.reason in {
                    Reason.MORE_THAN_ORDERED,
                    Reason.MORE_THAN_OPEN,
                    Reason.MORE_THAN_RECEIVED,
                    Reason.ORDER_CLOSED,
                }
            check_books(base)


@pytest.mark.django_db
def test_an_order_commits_the_discounted_price_of_every_copy():
    fund = make_fund("1000.00")
    make_order([isbn13(1)], quantity=3, price="39.90", fund=fund, vendor=make_vendor(discount="0.75"))
    fund.refresh_from_db()
    assert (fund.committed, fund.remaining) == (Decimal("89.79"), Decimal("910.21"))


@pytest.mark.django_db
def test_an_invoice_moves_the_commitment_into_spent_at_the_invoiced_amount():
    fund = make_fund("1000.00")
    order = make_order([isbn13(1)], quantity=2, price="40.00", fund=fund, vendor=make_vendor(discount="1"))
    line = order.lines.get()
    services.receive(line, 2, at=NOW, by=None)
    services.record_invoice(
        order.vendor, "FP1", NOW.date(), [services.InvoiceItem(line, 2, Decimal("78.50"))], at=NOW, by=None
    )
    fund.refresh_from_db()
    assert (fund.committed, fund.spent, fund.remaining) == (Decimal("0"), Decimal("78.50"), Decimal("921.50"))


@pytest.mark.django_db
def test_the_rollover_carries_remaining_and_open_commitments_to_next_year():
    fund = make_fund("1000.00", year=2016)
    make_order([isbn13(1)], quantity=1, price="100.00", fund=fund, vendor=make_vendor(discount="1"))
    following = services.rollover(fund, at=NOW, by=None)
    assert (following.year, following.rolled_in, following.committed, following.remaining) == (
        2017,
        Decimal("1000.00"),
        Decimal("100.00"),
        Decimal("900.00"),
    )


@pytest.mark.django_db
def test_an_overspending_order_only_warns_by_default():
    fund = make_fund("50.00")
    order = make_order([isbn13(1)], quantity=2, price="40.00", fund=fund, vendor=make_vendor(discount="1"))
    assert any("超支" in warning for warning in order.warnings)


@pytest.mark.django_db
def test_an_overspending_order_is_refused_when_so_configured(settings):
    settings.SHUYUAN = {**settings.SHUYUAN, "ACQUISITIONS": {"OVERSPEND": "refuse"}}
    fund = make_fund("50.00")
    with pytest.raises(AcquisitionsRefused) as refused:
        make_order([isbn13(1)], quantity=2, price="40.00", fund=fund, vendor=make_vendor(discount="1"))
    assert refused.value.reason == Reason.FUND_OVERSPENT and "超支" in str(refused.value)
    assert OrderLine.objects.count() == 0
