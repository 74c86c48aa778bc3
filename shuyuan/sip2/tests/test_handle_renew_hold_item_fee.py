"""29 renew, 65 renew all, 17 item information, 15 hold and 37 fee paid."""

from datetime import timedelta

import pytest

from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import Hold
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import D, a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import lend
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
LATER = NOW + timedelta(days=20)


def test_a_renewal_answers_with_the_new_due_date():
    lib = a_library()
    lend(lib.books[0], lib.reader)
    answer = lib.answer(m.RenewRequest(patron_id=lib.card, item_id=lib.books[0].barcode), at=LATER)
    assert (answer.ok, answer.renewal_ok, answer.due_date) == (True, True, "20160420    235959")


def test_a_renewal_beyond_the_limit_is_refused_with_the_reason():
    lib = a_library(max_renewals=0)
    lend(lib.books[0], lib.reader)
    answer = lib.answer(m.RenewRequest(patron_id=lib.card, item_id=lib.books[0].barcode), at=LATER)
    assert (answer.ok, answer.screen_messages) == (False, (str(Reason.RENEWAL_LIMIT.label),))


def test_renewing_a_book_the_reader_does_not_have_fails_with_ok_0():
    lib = a_library()
    answer = lib.answer(m.RenewRequest(patron_id=lib.card, item_id=lib.books[0].barcode))
    assert (answer.ok, answer.screen_messages) == (False, (str(Reason.ITEM_NOT_ON_LOAN.label),))


def test_renew_all_lists_renewed_and_unrenewed_items():
    lib = a_library(books=2)
    lend(lib.books[0], lib.reader)
    lend(lib.books[1], lib.reader)
    waiting = make_patron("李四", branch=lib.branch)
    from shuyuan.circulation import services
    from shuyuan.circulation.models import Channel

    services.place_hold(lib.books[1].record, waiting, pickup_branch=lib.branch, at=NOW, by=None, channel=Channel.DESK)
    assert (
        lib.handle(
            m.RenewAllRequest(transaction_date=NOW.replace(tzinfo=None), institution_id="LLLIB", patron_id=lib.card),
            at=LATER,
        )
        == (
            f"66100010001{LATER:%Y%m%d}    100000AOLLLIB|BM{lib.books[0].barcode}|BN{lib.books[1].barcode}|"
            "AF续借成功 1 册，未能续借 1 册。|\r"
        ).encode()
    )


def test_item_information_of_a_book_on_loan_says_charged_with_its_due_date():
    lib = a_library()
    book = lib.books[0]
    lend(book, lib.reader)
    assert (
        lib.handle(m.ItemInformationRequest(transaction_date=NOW.replace(tzinfo=None), item_id=book.barcode))
        == (
            f"18040001{D}CF0|AH20160331    235959|AB{book.barcode}|AJ红楼梦 第1卷|CK001|AQ醴陵市图书馆总馆 二楼外借室|"
            f"AP醴陵市图书馆总馆|CR{book.collection.code}|CS{book.call_number}|\r"
        ).encode()
    )


def test_item_information_of_a_book_on_the_shelf_says_available():
    lib = a_library()
    assert lib.answer(m.ItemInformationRequest(item_id=lib.books[0].barcode)).circulation_status == "03"


def test_item_information_of_an_unknown_barcode_says_other_with_the_reason():
    lib = a_library()
    answer = lib.answer(m.ItemInformationRequest(item_id="NOSUCH"))
    assert (answer.circulation_status, answer.screen_messages) == ("01", (str(Reason.UNKNOWN_ITEM.label),))


def test_a_hold_on_a_scanned_copy_queues_the_reader_for_the_title():
    lib = a_library()
    lend(lib.books[0], make_patron("李四", branch=lib.branch))
    answer = lib.answer(m.HoldRequest(hold_mode="+", patron_id=lib.card, item_id=lib.books[0].barcode))
    assert (answer.ok, answer.queue_position, answer.pickup_location) == (True, 1, "醴陵市图书馆总馆")
    assert Hold.objects.get().item is None


def test_a_hold_can_be_cancelled_at_the_kiosk():
    lib = a_library()
    lend(lib.books[0], make_patron("李四", branch=lib.branch))
    lib.handle(m.HoldRequest(hold_mode="+", patron_id=lib.card, item_id=lib.books[0].barcode))
    answer = lib.answer(m.HoldRequest(hold_mode="-", patron_id=lib.card, item_id=lib.books[0].barcode))
    assert (answer.ok, Hold.objects.get().status) == (True, Hold.Status.CANCELLED)


def test_changing_a_hold_at_the_kiosk_is_refused():
    lib = a_library()
    answer = lib.answer(m.HoldRequest(hold_mode="*", patron_id=lib.card, item_id=lib.books[0].barcode))
    assert (answer.ok, answer.screen_messages) == (False, ("自助机只能办理预约和取消预约。",))


def test_a_fee_payment_is_refused_where_the_library_charges_nothing():
    lib = a_library()
    answer = lib.answer(m.FeePaidRequest(patron_id=lib.card, fee_amount=None, transaction_id="T1"))
    assert (answer.payment_accepted, answer.transaction_id, answer.screen_messages) == (
        False,
        "T1",
        ("本馆不收取任何费用。",),
    )
