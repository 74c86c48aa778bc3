"""A PIN (AD) a kiosk sends is checked by every request that acts on a card, whether or not the
device is flagged "requires PIN"; the flag only decides whether a missing PIN is refused."""

from datetime import timedelta

import pytest

from shuyuan.circulation.models import Hold, Loan
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.models import Patron, PatronBlock
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import PIN, Library, a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import lend

pytestmark = pytest.mark.django_db
LATER = NOW + timedelta(days=20)
WRONG = "999999"
WRONG_PIN_TEXT = "密码错误。"


def a_reader_with_a_pin() -> Library:
    lib = a_library(requires_pin=False)
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    return lib


def renew_all(lib: Library, pin: str) -> m.RenewAllRequest:
    return m.RenewAllRequest(institution_id="LLLIB", patron_id=lib.card, patron_password=pin)


def test_renew_all_with_a_wrong_pin_is_refused_in_chinese_and_renews_nothing():
    lib = a_reader_with_a_pin()
    loan = lend(lib.books[0], lib.reader)
    answer = lib.answer(renew_all(lib, WRONG), at=LATER)
    assert (answer.ok, answer.renewed_count, answer.screen_messages) == (False, 0, (WRONG_PIN_TEXT,))
    assert Loan.objects.get(pk=loan.pk).due_at == loan.due_at


def test_a_hold_with_a_wrong_pin_is_refused_in_chinese_and_placed_nowhere():
    lib = a_reader_with_a_pin()
    request = m.HoldRequest(
        hold_mode="+", institution_id="LLLIB", patron_id=lib.card, patron_password=WRONG, item_id=lib.books[0].barcode
    )
    answer = lib.answer(request)
    assert (answer.ok, answer.screen_messages) == (False, (WRONG_PIN_TEXT,))
    assert not Hold.objects.exists()


def test_patron_enable_with_a_wrong_pin_answers_cq_n_and_keeps_the_kiosk_block():
    lib = a_reader_with_a_pin()
    lib.handle(m.BlockPatron(institution_id="LLLIB", patron_id=lib.card, blocked_card_message="tamper"))
    answer = lib.answer(m.PatronEnableRequest(institution_id="LLLIB", patron_id=lib.card, patron_password=WRONG))
    assert (answer.valid_patron_password, answer.screen_messages[0]) == (False, WRONG_PIN_TEXT)
    assert PatronBlock.objects.filter(patron=lib.reader, lifted_at__isnull=True).count() == 1


def test_a_checkout_with_a_wrong_pin_is_refused_in_chinese():
    lib = a_reader_with_a_pin()
    request = m.CheckoutRequest(
        institution_id="LLLIB", patron_id=lib.card, item_id=lib.books[0].barcode, patron_password=WRONG
    )
    answer = lib.answer(request)
    assert (answer.ok, answer.screen_messages) == (False, (WRONG_PIN_TEXT,))
    assert not Loan.objects.exists()


def test_a_renewal_with_a_wrong_pin_is_refused_in_chinese():
    lib = a_reader_with_a_pin()
    lend(lib.books[0], lib.reader)
    request = m.RenewRequest(patron_id=lib.card, item_id=lib.books[0].barcode, patron_password=WRONG)
    answer = lib.answer(request, at=LATER)
    assert (answer.ok, answer.screen_messages) == (False, (WRONG_PIN_TEXT,))


def test_wrong_pins_sent_with_renew_all_count_towards_the_lockout():
    lib = a_reader_with_a_pin()
    for _ in range(5):
        lib.handle(renew_all(lib, WRONG), at=LATER)
    assert Patron.objects.get(pk=lib.reader.pk).pin_locked_until is not None


def test_renew_all_with_the_right_pin_renews():
    lib = a_reader_with_a_pin()
    lend(lib.books[0], lib.reader)
    assert lib.answer(renew_all(lib, PIN), at=LATER).renewed_count == 1


def test_renew_all_without_a_pin_renews_where_the_kiosk_does_not_require_one():
    lib = a_reader_with_a_pin()
    lend(lib.books[0], lib.reader)
    assert lib.answer(renew_all(lib, ""), at=LATER).renewed_count == 1


def checkout(lib: Library, pin: str) -> m.CheckoutRequest:
    return m.CheckoutRequest(patron_id=lib.card, item_id=lib.books[0].barcode, patron_password=pin)


def test_wrong_pins_at_checkout_lock_the_card_and_then_the_right_pin_lends_nothing():
    # The kiosk's check takes the PIN's state from the card's look-up: the lock must still reach it.
    lib = a_reader_with_a_pin()
    for _ in range(5):
        lib.handle(checkout(lib, WRONG))
    answer = lib.answer(checkout(lib, PIN))
    assert (answer.ok, answer.screen_messages[0]) == (False, "密码错误次数过多，已暂时锁定；可请工作人员重置密码。")
    assert not Loan.objects.exists()


def test_a_right_pin_at_checkout_after_wrong_ones_lends_and_clears_them():
    lib = a_reader_with_a_pin()
    for _ in range(4):
        lib.handle(checkout(lib, WRONG))
    answer = lib.answer(checkout(lib, PIN))
    assert answer.ok
    assert Patron.objects.get(pk=lib.reader.pk).pin_failures == 0


def test_patron_information_with_the_right_pin_of_a_locked_card_does_not_say_it_is_valid():
    lib = a_reader_with_a_pin()
    for _ in range(5):
        lib.handle(checkout(lib, WRONG))
    answer = lib.answer(m.PatronInformationRequest(patron_id=lib.card, patron_password=PIN, summary=" " * 10))
    assert answer.valid_patron_password is False
