from datetime import timedelta
from decimal import Decimal

import pytest

from shuyuan.catalog.models import Item
from shuyuan.circulation import services
from shuyuan.circulation.errors import ChargeRefused, CheckoutRefused, CirculationRefused, Reason
from shuyuan.circulation.models import Channel, CirculationPolicy, Compensation, Fee, Loan
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import give_back, lend


def lose(loan, now, desk):
    return services.mark_lost(loan, at=now, by=None, channel=Channel.DESK, service_point=desk)


def test_marking_a_loan_lost_closes_it_and_marks_the_item_lost(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    lose(loan, now, desk)
    loan.refresh_from_db()
    book.refresh_from_db()
    assert (loan.status, book.status) == (Loan.Status.LOST, Item.Status.LOST)


def test_a_lost_item_is_compensated_at_its_price_times_the_factor(book, reader, desk, now):
    CirculationPolicy.objects.create(library=desk.branch.library, compensation_factor=Decimal("2.5"))
    loan = lend(book, reader, at=now, service_point=desk)
    assert lose(loan, now, desk).amount == Decimal("80.00")


def test_a_compensation_is_recorded_even_when_fees_are_off(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    lose(loan, now, desk)
    assert Compensation.objects.get().status == Compensation.Status.OPEN


def test_an_open_compensation_stops_borrowing(book, reader, desk, now):
    lose(lend(book, reader, at=now, service_point=desk), now, desk)
    with pytest.raises(CheckoutRefused) as refused:
        lend(make_item(branch=desk.branch), reader, at=now, service_point=desk)
    assert refused.value.reason == Reason.PATRON_OWES_COMPENSATION


def test_a_replaced_copy_settles_the_compensation_and_borrowing_resumes(book, reader, desk, now):
    compensation = lose(lend(book, reader, at=now, service_point=desk), now, desk)
    services.settle_compensation(
        compensation, settlement=Compensation.Status.REPLACED, at=now, by=None, channel=Channel.DESK, service_point=desk
    )
    assert lend(make_item(branch=desk.branch), reader, at=now, service_point=desk).is_open


def test_settling_a_settled_compensation_is_refused(book, reader, desk, now):
    compensation = lose(lend(book, reader, at=now, service_point=desk), now, desk)
    services.settle_compensation(compensation, settlement=Compensation.Status.PAID, at=now, by=None, channel="desk")
    with pytest.raises(ChargeRefused) as refused:
        services.settle_compensation(compensation, settlement=Compensation.Status.PAID, at=now, by=None, channel="desk")
    assert refused.value.reason == Reason.COMPENSATION_NOT_OPEN


def test_marking_a_returned_loan_lost_is_refused(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now, service_point=desk)
    with pytest.raises(CirculationRefused) as refused:
        lose(loan, now, desk)
    assert refused.value.reason == Reason.LOAN_CLOSED


def test_a_damaged_item_can_be_recorded_for_compensation(book, reader, desk, now):
    compensation = services.record_compensation(
        book, reader, cause=Compensation.Cause.DAMAGED, at=now, by=None, service_point=desk, channel=Channel.DESK
    )
    assert (compensation.cause, compensation.amount) == (Compensation.Cause.DAMAGED, Decimal("32.00"))


def test_claimed_returned_closes_the_loan_and_makes_the_item_missing(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    services.claim_returned(loan, at=now, by=None, channel=Channel.DESK, service_point=desk)
    loan.refresh_from_db()
    book.refresh_from_db()
    assert (loan.status, book.status) == (Loan.Status.CLAIMED_RETURNED, Item.Status.MISSING)


def fee_for(reader, book, desk, now):
    CirculationPolicy.objects.create(library=desk.branch.library, charges_fees=True)
    lend(book, reader, at=now, service_point=desk)
    return give_back(book, at=now + timedelta(days=40), service_point=desk).fee


def test_a_fee_can_be_paid(book, reader, desk, now):
    fee = services.pay_fee(fee_for(reader, book, desk, now), at=now, by=None, channel=Channel.DESK)
    assert fee.status == Fee.Status.PAID


def test_a_fee_can_be_waived_with_a_reason(book, reader, desk, now):
    fee = services.waive_fee(fee_for(reader, book, desk, now), note="困难读者", at=now, by=None, channel=Channel.DESK)
    assert (fee.status, fee.note) == (Fee.Status.WAIVED, "困难读者")


def test_a_paid_fee_cannot_be_paid_again(book, reader, desk, now):
    fee = services.pay_fee(fee_for(reader, book, desk, now), at=now, by=None, channel=Channel.DESK)
    with pytest.raises(ChargeRefused) as refused:
        services.pay_fee(fee, at=now, by=None, channel=Channel.DESK)
    assert refused.value.reason == Reason.FEE_NOT_OPEN


def test_unpaid_fees_at_the_limit_stop_borrowing(book, reader, desk, now):
    CirculationPolicy.objects.create(
        library=desk.branch.library,
        charges_fees=True,
        fee_block_amount=Decimal("1.00"),
        suspension_days_per_overdue_day=0,
    )
    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now + timedelta(days=40), service_point=desk)
    with pytest.raises(CheckoutRefused) as refused:
        lend(make_item(branch=desk.branch), reader, at=now + timedelta(days=40), service_point=desk)
    assert refused.value.reason == Reason.PATRON_OWES_FEES


def test_lifting_a_suspension_lets_the_reader_borrow(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    suspension = give_back(book, at=now + timedelta(days=40), service_point=desk).suspension
    services.lift_suspension(suspension, note="误操作", at=now, by=None)
    assert lend(make_item(branch=desk.branch), reader, at=now + timedelta(days=41), service_point=desk).is_open
