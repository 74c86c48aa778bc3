"""11 → 12: checkout at the kiosk through the desk's own service."""

import pytest

from shuyuan.catalog.models import Item, OldBarcode
from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import Channel, CirculationEvent, Loan
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.errors import Reason as PatronReason
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import PIN, D, a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import lend
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def checkout(lib, item_id=None, patron_id=None, **fields):
    return m.CheckoutRequest(
        transaction_date=NOW.replace(tzinfo=None),
        institution_id="LLLIB",
        patron_id=patron_id or lib.card,
        item_id=item_id or lib.books[0].barcode,
        **fields,
    )


def test_a_checkout_answers_with_title_due_date_screen_message_and_receipt():
    lib = a_library()
    book = lib.books[0]
    assert (
        lib.handle(checkout(lib))
        == (
            f"121NNY{D}AOLLLIB|AA{lib.card}|AB{book.barcode}|AJ红楼梦 第1卷|AH20160331    235959|CK001|"
            f"AF借书成功，请于 2016-03-31 前归还。|AG借出：红楼梦 第1卷|AG条码 {book.barcode}，应还日期 2016-03-31|\r"
        ).encode()
    )


def test_a_checkout_is_a_kiosk_loan_at_the_kiosks_service_point():
    lib = a_library()
    lib.handle(checkout(lib))
    event = CirculationEvent.objects.get(kind=CirculationEvent.Kind.CHECKOUT)
    assert (event.channel, event.service_point) == (Channel.KIOSK, lib.point)


def test_a_refused_checkout_explains_why_in_chinese_and_keeps_the_layout():
    lib = a_library()
    other = make_patron("李四", branch=lib.branch)
    lend(lib.books[0], other)
    assert (
        lib.handle(checkout(lib))
        == (
            f"120NNN{D}AOLLLIB|AA{lib.card}|AB{lib.books[0].barcode}|AJ红楼梦 第1卷|AH|CK001|"
            f"AF{Reason.ITEM_ON_LOAN.label}|\r"
        ).encode()
    )


def test_an_unknown_item_gets_120nun_with_the_barcode_echoed():
    lib = a_library()
    assert (
        lib.handle(checkout(lib, item_id="NOSUCH"))
        == (f"120NUN{D}AOLLLIB|AA{lib.card}|ABNOSUCH|AJ|AH|AF{Reason.UNKNOWN_ITEM.label}|\r").encode()
    )


def test_a_relabelled_book_is_lent_when_the_kiosk_scans_its_old_barcode():
    lib = a_library()
    OldBarcode.objects.create(barcode="0002", item=lib.books[0], created_at=NOW)
    assert lib.answer(checkout(lib, item_id="0002")).ok is True
    assert Loan.objects.get().item == lib.books[0]


def test_a_book_is_lent_when_the_kiosk_reads_its_rfid_tag_id():
    lib = a_library()
    Item.objects.filter(pk=lib.books[0].pk).update(rfid_tag="E2003412012B0300")
    assert lib.answer(checkout(lib, item_id="E2003412012B0300")).ok is True
    assert Loan.objects.get().item == lib.books[0]


def test_an_unknown_reader_gets_a_refusal_and_no_loan():
    lib = a_library()
    answer = lib.answer(checkout(lib, patron_id="NOBODY"))
    assert (answer.ok, answer.screen_messages) == (False, (str(PatronReason.CARD_NOT_FOUND.label),))
    assert not Loan.objects.exists()


def test_the_reader_may_use_the_id_card_as_library_card():
    lib = a_library()
    reader = make_patron("王五", branch=lib.branch, id_number="43028119800517003X")
    assert lib.answer(checkout(lib, patron_id="43028119800517003X")).ok is True
    assert Loan.objects.get().patron == reader


def test_a_kiosk_that_requires_a_pin_refuses_a_checkout_without_one():
    lib = a_library(requires_pin=True)
    answer = lib.answer(checkout(lib))
    assert (answer.ok, answer.screen_messages) == (False, ("请输入读者密码。",))


def test_a_kiosk_that_requires_a_pin_refuses_a_wrong_one():
    lib = a_library(requires_pin=True)
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    answer = lib.answer(checkout(lib, patron_password="999999"))
    assert (answer.ok, answer.screen_messages) == (False, (str(PatronReason.PIN_WRONG.label),))


def test_a_kiosk_that_requires_a_pin_lends_with_the_right_one():
    lib = a_library(requires_pin=True)
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    assert lib.answer(checkout(lib, patron_password=PIN)).ok is True


def test_checking_out_a_book_the_reader_already_has_is_a_repeated_yes():
    lib = a_library()
    lib.handle(checkout(lib))
    answer = lib.answer(checkout(lib))
    assert (answer.ok, answer.renewal_ok, answer.screen_messages) == (
        True,
        False,
        ("您已借阅此书，请于 2016-03-31 前归还。",),
    )
    assert Loan.objects.count() == 1


def test_checking_out_a_book_the_reader_has_renews_it_when_the_kiosk_may_renew():
    lib = a_library()
    lib.handle(checkout(lib))
    later = NOW.replace(day=20)
    answer = lib.answer(checkout(lib, sc_renewal_policy=True), at=later)
    assert (answer.ok, answer.renewal_ok, answer.due_date) == (True, True, "20160419    235959")


def test_the_due_date_is_written_as_the_kiosk_wants_it():
    lib = a_library(due_date_form="chinese")
    assert lib.answer(checkout(lib)).due_date == "2016年3月31日"


def test_a_kiosk_without_a_service_point_refuses_circulation():
    lib = a_library()
    lib.kiosk = type(lib.kiosk)(lib.kiosk.device, None)
    answer = lib.answer(checkout(lib))
    assert (answer.ok, answer.screen_messages) == (False, ("本机尚未设置服务点，请到服务台办理。",))
