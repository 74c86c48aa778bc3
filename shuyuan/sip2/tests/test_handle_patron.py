"""23 → 24 and 63 → 64: who the reader is, whether they may borrow, and their lists."""

from datetime import timedelta

import pytest

from shuyuan.circulation import services
from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import Channel
from shuyuan.lifecycle import services as lifecycle
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.errors import Reason as PatronReason
from shuyuan.patrons.models import PatronBlock, PatronCard, PatronCategory
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import PIN, D, a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import lend
from shuyuan.testing.patrons import make_category, make_patron

pytestmark = pytest.mark.django_db


def information(lib, summary=" " * 10, **fields):
    return m.PatronInformationRequest(
        language="019",
        transaction_date=NOW.replace(tzinfo=None),
        summary=summary,
        institution_id="LLLIB",
        **{"patron_id": lib.card, **fields},
    )


def test_patron_information_for_a_reader_in_good_standing():
    lib = a_library()
    assert (
        lib.handle(information(lib))
        == (
            f"64              019{D}000000000000000000000000AOLLLIB|AA{lib.card}|AE|BZ0005|CB0010|BLY|AF张**，您好。|\r"
        ).encode()
    )


def test_the_full_name_is_shown_only_after_the_pin_is_verified():
    lib = a_library()
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    answer = lib.answer(information(lib, patron_password=PIN))
    assert (answer.personal_name, answer.valid_patron_password, answer.screen_messages) == (
        "张三丰",
        True,
        ("张三丰，您好。",),
    )


def test_a_wrong_pin_is_cqn_with_the_reason_on_screen():
    lib = a_library()
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    answer = lib.answer(information(lib, patron_password="000111"))
    assert (answer.valid_patron, answer.valid_patron_password) == (True, False)
    assert str(PatronReason.PIN_WRONG.label) in answer.screen_messages


def test_an_unknown_reader_is_bln_with_charge_privileges_denied():
    lib = a_library()
    answer = lib.answer(m.PatronStatusRequest(patron_id="NOBODY"))
    assert (answer.valid_patron, answer.patron_status.charge_privileges_denied, answer.personal_name) == (
        False,
        True,
        "",
    )


def test_a_card_reported_lost_says_so_in_the_patron_status():
    lib = a_library()
    card = PatronCard.objects.get(value=lib.card)
    patron_services.report_lost(card, replace=False, at=NOW, by=None)
    answer = lib.answer(m.PatronStatusRequest(patron_id=lib.card))
    assert (answer.valid_patron, answer.patron_status.card_reported_lost) == (False, True)


def test_a_blocked_reader_is_denied_charge_privileges_with_the_reason():
    lib = a_library()
    patron_services.block(lib.reader, reason="损坏图书未赔偿", kind=PatronBlock.Kind.DAMAGE, at=NOW, by=None)
    answer = lib.answer(information(lib))
    assert answer.patron_status.charge_privileges_denied is True
    assert str(Reason.PATRON_BLOCKED.label) in answer.screen_messages


def test_a_reader_with_overdue_items_is_told_and_counted():
    lib = a_library()
    lend(lib.books[0], lib.reader)
    answer = lib.answer(information(lib), at=NOW + timedelta(days=45))
    assert (answer.overdue_items_count, answer.patron_status.too_many_items_overdue) == (1, True)


def test_the_charged_items_list_pages_and_counts_all_loans():
    lib = a_library()
    for book in lib.books:
        lend(book, lib.reader)
    answer = lib.answer(information(lib, summary="  Y       ", start_item=2, end_item=3))
    assert (answer.charged_items_count, answer.charged_items) == (3, (lib.books[1].barcode, lib.books[2].barcode))


def test_available_and_unavailable_holds_are_listed_apart():
    lib = a_library(books=2)
    other = make_patron("李四", branch=lib.branch)
    lend(lib.books[0], other)
    services.place_hold(
        lib.books[0].record, lib.reader, pickup_branch=lib.branch, at=NOW, by=None, channel=Channel.DESK
    )
    services.place_hold(
        lib.books[1].record, lib.reader, pickup_branch=lib.branch, at=NOW, by=None, channel=Channel.DESK
    )
    services.checkin(lib.books[1], at=NOW, by=None, service_point=lib.point, channel=Channel.DESK)
    ready = lib.answer(information(lib, summary="Y         "))
    waiting = lib.answer(information(lib, summary="     Y    "))
    assert (ready.hold_items_count, ready.hold_items) == (1, (lib.books[1].barcode,))
    assert (waiting.unavailable_holds_count, waiting.unavailable_hold_items) == (1, ("红楼梦 第1卷",))


def test_patron_status_answers_24_with_bl_and_the_greeting():
    lib = a_library()
    assert (
        lib.handle(
            m.PatronStatusRequest(
                language="019", transaction_date=NOW.replace(tzinfo=None), institution_id="LLLIB", patron_id=lib.card
            )
        )
        == (f"24              019{D}AOLLLIB|AA{lib.card}|AE|BLY|AF张**，您好。|\r").encode()
    )


def test_a_reader_is_never_sent_address_email_or_phone():
    lib = a_library()
    answer = lib.answer(information(lib))
    assert (answer.home_address, answer.email_address, answer.home_phone_number) == ("", "", "")


def test_block_patron_blocks_the_card_for_staff_to_lift():
    lib = a_library()
    answer = lib.answer(
        m.BlockPatron(card_retained=True, institution_id="LLLIB", blocked_card_message="tamper", patron_id=lib.card)
    )
    block = PatronBlock.objects.get(patron=lib.reader)
    assert answer.patron_status.charge_privileges_denied is True
    assert "tamper" in block.reason and "读者证已被自助机留存" in block.reason


def test_a_merged_records_old_card_answers_with_the_kept_readers_loans():
    lib = a_library()
    group = make_category(PatronCategory.Kind.GROUP)
    old = make_patron(
        "张三丰", id_number=None, category=group, contact_name="张三丰", card_number="A0001", is_legacy_card=True
    )
    lend(lib.books[0], lib.reader)
    lifecycle.merge(lib.reader, old, at=NOW, by=None)
    answer = lib.answer(information(lib, patron_id="A0001"))
    assert (answer.valid_patron, answer.charged_items_count) == (True, 1)
