"""09 → 10: returns, with the routing a returns sorter acts on."""

from datetime import timedelta

import pytest

from shuyuan.catalog.models import Item
from shuyuan.circulation import services
from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import Channel, CirculationEvent
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import D, a_library
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_collection, make_item, make_record
from shuyuan.testing.circulation import lend
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def checkin(item_id, **fields):
    return m.CheckinRequest(
        transaction_date=NOW.replace(tzinfo=None),
        return_date=NOW.replace(tzinfo=None),
        current_location="一楼",
        institution_id="LLLIB",
        item_id=item_id,
        **fields,
    )


def test_a_return_answers_ok_with_resensitize_location_and_shelf_bin():
    lib = a_library()
    book = lib.books[0]
    lend(book, lib.reader)
    assert (
        lib.handle(checkin(book.barcode))
        == (
            f"101YNN{D}AOLLLIB|AB{book.barcode}|AQ醴陵市图书馆总馆 二楼外借室|AJ红楼梦 第1卷|CL1|CK001|"
            f"CR{book.collection.code}|CS{book.call_number}|AF还书成功，谢谢。|AG归还：红楼梦 第1卷|\r"
        ).encode()
    )


def test_a_return_is_a_kiosk_checkin_at_the_kiosks_service_point():
    lib = a_library()
    lend(lib.books[0], lib.reader)
    lib.handle(checkin(lib.books[0].barcode))
    event = CirculationEvent.objects.get(kind=CirculationEvent.Kind.CHECKIN)
    assert (event.channel, event.service_point) == (Channel.KIOSK, lib.point)


def test_a_book_another_reader_reserved_goes_to_the_hold_shelf_with_an_alert():
    lib = a_library()
    book = lib.books[0]
    lend(book, lib.reader)
    waiting = make_patron("李四", branch=lib.branch)
    services.place_hold(book.record, waiting, pickup_branch=lib.branch, at=NOW, by=None, channel=Channel.DESK)
    answer = lib.answer(checkin(book.barcode))
    assert (answer.alert, answer.sort_bin, answer.alert_type) == (True, "2", "01")
    assert answer.screen_messages == ("还书成功，谢谢。 此书已被其他读者预约，请放到预约书架。",)


def test_a_book_of_another_branch_goes_in_transit_home_with_its_destination():
    lib = a_library()
    home = make_branch(code="LL02", name="达芬奇画室分馆")
    book = make_item(make_record(title="水浒传"), collection=make_collection(home))
    lend(book, lib.reader)
    answer = lib.answer(checkin(book.barcode))
    assert (answer.alert, answer.sort_bin, answer.alert_type, answer.destination_location) == (
        True,
        "3",
        "04",
        "达芬奇画室分馆",
    )


def test_a_late_return_tells_the_reader_until_when_borrowing_is_suspended():
    lib = a_library()
    lend(lib.books[0], lib.reader)
    late = NOW + timedelta(days=40)
    answer = lib.answer(m.CheckinRequest(item_id=lib.books[0].barcode), at=late)
    assert answer.ok is True
    assert "此书逾期归还，暂停借书至 2016-04" in answer.screen_messages[0]


def test_a_book_that_was_not_on_loan_is_taken_back_with_ok():
    lib = a_library()
    answer = lib.answer(checkin(lib.books[0].barcode))
    assert (answer.ok, answer.screen_messages) == (True, ("此书未被借出，已收回。",))


def test_an_unknown_barcode_is_refused_with_an_alert_for_staff():
    lib = a_library()
    assert (
        lib.handle(checkin("NOSUCH")) == (f"100NUY{D}AOLLLIB|ABNOSUCH|AQ|CL9|AF{Reason.UNKNOWN_ITEM.label}|\r").encode()
    )


def test_a_withdrawn_book_is_refused_with_the_reason():
    lib = a_library()
    Item.objects.filter(pk=lib.books[0].pk).update(status=Item.Status.WITHDRAWN)
    answer = lib.answer(checkin(lib.books[0].barcode))
    assert (answer.ok, answer.alert, answer.screen_messages) == (False, True, (str(Reason.ITEM_WITHDRAWN.label),))


def test_a_checkin_never_tells_the_kiosk_who_had_the_book():
    lib = a_library()
    lend(lib.books[0], lib.reader)
    assert lib.answer(checkin(lib.books[0].barcode)).patron_id == ""
