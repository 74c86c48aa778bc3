"""Off-line transactions: stored checkouts and returns sent later with "no block" and their own dates."""

from datetime import datetime, timedelta

import pytest

from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import Loan
from shuyuan.sip2 import messages as m
from shuyuan.sip2.models import OfflineConflict
from shuyuan.sip2.tests.library import a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import lend
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
RECEIVED = NOW + timedelta(days=2)
HAPPENED = datetime(2016, 3, 1, 15, 30)  # local time, as the kiosk stored it


def offline_checkout(lib, book, patron_id=None):
    return m.CheckoutRequest(
        no_block=True, transaction_date=HAPPENED, patron_id=patron_id or lib.card, item_id=book.barcode
    )


def test_an_offline_checkout_is_dated_when_it_happened():
    lib = a_library()
    lib.handle(offline_checkout(lib, lib.books[0]), at=RECEIVED)
    loan = Loan.objects.get()
    assert (loan.checked_out_at.astimezone(NOW.tzinfo).replace(tzinfo=None), loan.due_at.date().isoformat()) == (
        HAPPENED,
        "2016-03-31",
    )


def test_offline_transactions_are_accepted_in_order():
    lib = a_library()
    book = lib.books[0]
    lib.handle(offline_checkout(lib, book), at=RECEIVED)
    returned = m.CheckinRequest(
        no_block=True,
        transaction_date=HAPPENED + timedelta(hours=1),
        return_date=HAPPENED + timedelta(hours=1),
        item_id=book.barcode,
    )
    lib.handle(returned, at=RECEIVED)
    loan = Loan.objects.get()
    assert (loan.status, loan.closed_at - loan.checked_out_at) == (Loan.Status.RETURNED, timedelta(hours=1))


def test_an_offline_checkout_circulation_refuses_is_accepted_and_reported_to_staff():
    lib = a_library()
    book = lib.books[0]
    lend(book, make_patron("李四", branch=lib.branch))
    answer = lib.answer(offline_checkout(lib, book), at=RECEIVED)
    conflict = OfflineConflict.objects.get()
    assert answer.ok is True
    assert (conflict.command, conflict.item_barcode, conflict.patron, conflict.reason) == (
        "11",
        book.barcode,
        lib.reader,
        Reason.ITEM_ON_LOAN.value,
    )


def test_an_offline_checkout_by_an_unknown_card_is_reported_without_a_reader():
    lib = a_library()
    lib.handle(offline_checkout(lib, lib.books[0], patron_id="NOBODY"), at=RECEIVED)
    assert OfflineConflict.objects.get().patron is None


def test_an_offline_return_of_an_unknown_barcode_is_reported_to_staff():
    lib = a_library()
    answer = lib.answer(
        m.CheckinRequest(no_block=True, transaction_date=HAPPENED, return_date=HAPPENED, item_id="NOSUCH"), at=RECEIVED
    )
    assert answer.ok is True
    assert OfflineConflict.objects.get().item_barcode == "NOSUCH"


def test_a_kiosk_clock_ahead_of_ours_cannot_date_a_loan_in_the_future():
    lib = a_library()
    future = (RECEIVED + timedelta(days=3)).replace(tzinfo=None)
    lib.handle(
        m.CheckoutRequest(no_block=True, transaction_date=future, patron_id=lib.card, item_id=lib.books[0].barcode),
        at=RECEIVED,
    )
    assert Loan.objects.get().checked_out_at == RECEIVED


def test_an_online_checkout_uses_the_servers_clock_not_the_kiosks():
    lib = a_library()
    lib.handle(
        m.CheckoutRequest(transaction_date=HAPPENED, patron_id=lib.card, item_id=lib.books[0].barcode), at=RECEIVED
    )
    assert Loan.objects.get().checked_out_at == RECEIVED
