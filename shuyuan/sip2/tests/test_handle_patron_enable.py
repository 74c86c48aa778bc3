"""25 → 26: a reader whose card a kiosk blocked (01) is let in again; nothing else is lifted."""

from datetime import date

import pytest

from shuyuan.audit.models import AuditEntry
from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import OverdueListing, Suspension
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.errors import Reason as PatronReason
from shuyuan.patrons.models import PatronBlock, PatronCard
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers import HANDLERS, Kiosk
from shuyuan.sip2.tests.kiosk import make_kiosk
from shuyuan.sip2.tests.library import PIN, D, a_library
from shuyuan.testing.branches import NOW

pytestmark = pytest.mark.django_db


def blocked_by_kiosk(lib, kiosk=None):
    request = m.BlockPatron(institution_id="LLLIB", blocked_card_message="tamper", patron_id=lib.card)
    HANDLERS[m.BlockPatron](kiosk or lib.kiosk, request, NOW)


def enable(lib, **fields):
    return m.PatronEnableRequest(
        transaction_date=NOW.replace(tzinfo=None), institution_id="LLLIB", patron_id=lib.card, **fields
    )


def open_blocks(lib):
    return PatronBlock.objects.filter(patron=lib.reader, lifted_at__isnull=True).count()


def test_patron_enable_lifts_the_block_a_kiosk_set_and_answers_26():
    lib = a_library()
    blocked_by_kiosk(lib)
    assert (
        lib.handle(enable(lib))
        == (f"26              019{D}AOLLLIB|AA{lib.card}|AE|BLY|AF您的读者证已恢复使用。|\r").encode()
    )
    assert open_blocks(lib) == 0


def test_the_block_is_lifted_through_the_readers_service_in_the_kiosks_name():
    lib = a_library()
    blocked_by_kiosk(lib)
    lib.handle(enable(lib))
    kiosk = f"device:{lib.kiosk.device.pk}"
    block = PatronBlock.objects.get(patron=lib.reader)
    entry = AuditEntry.objects.get(action="patron.unblock")
    assert (block.lifted_at, block.lifted_by, entry.actor_label, entry.object_id) == (
        NOW,
        kiosk,
        kiosk,
        str(lib.reader.pk),
    )


def test_a_block_set_by_another_kiosk_is_lifted_too():
    lib = a_library()
    other = Kiosk.of(make_kiosk("kiosk2", branch=lib.branch, service_point=lib.point))
    blocked_by_kiosk(lib, other)
    lib.handle(enable(lib))
    assert open_blocks(lib) == 0


def test_a_block_set_by_staff_stays():
    lib = a_library()
    patron_services.block(lib.reader, reason="多次违规", kind=PatronBlock.Kind.OTHER, at=NOW, by=None)
    answer = lib.answer(enable(lib))
    assert open_blocks(lib) == 1
    assert answer.patron_status.charge_privileges_denied is True
    assert answer.screen_messages == ("此读者证未被自助借还机停用。", str(Reason.PATRON_BLOCKED.label))


def test_the_kiosks_block_is_lifted_while_a_staff_block_beside_it_stays():
    lib = a_library()
    blocked_by_kiosk(lib)
    patron_services.block(lib.reader, reason="损坏图书未赔偿", kind=PatronBlock.Kind.DAMAGE, at=NOW, by=None)
    answer = lib.answer(enable(lib))
    assert PatronBlock.objects.get(patron=lib.reader, lifted_at__isnull=True).kind == PatronBlock.Kind.DAMAGE
    assert answer.screen_messages == ("自助借还机对此读者证的停用已解除。", str(Reason.PATRON_BLOCKED.label))


def test_a_suspension_stays_and_the_reader_is_told():
    lib = a_library()
    blocked_by_kiosk(lib)
    Suspension.objects.create(
        patron=lib.reader, first_day=date(2016, 2, 20), last_day=date(2016, 3, 5), overdue_days=15, created_at=NOW
    )
    answer = lib.answer(enable(lib))
    assert Suspension.objects.get().lifted_at is None
    assert (answer.patron_status.charge_privileges_denied, answer.screen_messages[1]) == (
        True,
        str(Reason.PATRON_SUSPENDED.label),
    )


def test_a_place_on_the_overdue_list_stays():
    lib = a_library()
    blocked_by_kiosk(lib)
    OverdueListing.objects.create(patron=lib.reader, long_overdues=3, listed_at=NOW)
    answer = lib.answer(enable(lib))
    assert OverdueListing.objects.get().lifted_at is None
    assert answer.patron_status.charge_privileges_denied is True


def test_patron_enable_needs_the_right_pin_when_the_kiosk_requires_one():
    lib = a_library(requires_pin=True)
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    blocked_by_kiosk(lib)
    answer = lib.answer(enable(lib, patron_password="000111"))
    assert open_blocks(lib) == 1
    assert (answer.valid_patron, answer.valid_patron_password, answer.screen_messages[0]) == (
        True,
        False,
        str(PatronReason.PIN_WRONG.label),
    )


def test_patron_enable_without_a_pin_asks_for_it_when_the_kiosk_requires_one():
    lib = a_library(requires_pin=True)
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    blocked_by_kiosk(lib)
    answer = lib.answer(enable(lib))
    assert (open_blocks(lib), answer.screen_messages[0]) == (1, "请输入读者密码。")


def test_patron_enable_with_the_right_pin_lifts_the_block_and_names_the_reader():
    lib = a_library(requires_pin=True)
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    blocked_by_kiosk(lib)
    answer = lib.answer(enable(lib, patron_password=PIN))
    assert (open_blocks(lib), answer.valid_patron_password, answer.personal_name) == (0, True, "张三丰")


def test_patron_enable_for_an_unknown_reader_is_bln():
    lib = a_library()
    answer = lib.answer(m.PatronEnableRequest(institution_id="LLLIB", patron_id="NOBODY"))
    assert (answer.valid_patron, answer.patron_status.charge_privileges_denied, answer.screen_messages) == (
        False,
        True,
        (str(PatronReason.CARD_NOT_FOUND.label),),
    )


def test_patron_enable_does_not_bring_back_a_card_reported_lost():
    lib = a_library()
    blocked_by_kiosk(lib)
    patron_services.report_lost(PatronCard.objects.get(value=lib.card), replace=False, at=NOW, by=None)
    answer = lib.answer(enable(lib))
    assert (answer.valid_patron, answer.patron_status.card_reported_lost, open_blocks(lib)) == (False, True, 1)
