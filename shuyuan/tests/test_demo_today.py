"""The demo as a new user tries it today (the real date, Asia/Shanghai), 2016's history untouched."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from shuyuan import numbering
from shuyuan.catalog.models import Item
from shuyuan.circulation.models import CirculationEvent, Hold, Loan
from shuyuan.demo import DemoContext
from shuyuan.devices.models import Device
from shuyuan.management.commands.demo import bring_to_today
from shuyuan.patrons.demo import DEMO_PIN, DEMO_READER_CARD
from shuyuan.patrons.models import Patron, PatronCard
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers import HANDLERS, Kiosk, finished

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())
    return tmp_path


def kiosk_answer(message: m.Message) -> m.Message:
    kiosk = Kiosk.of(Device.objects.get(username="kiosk1"))
    return finished(HANDLERS[type(message)](kiosk, message, timezone.now()))


def reader() -> Patron:
    return Patron.objects.get(card_number=DEMO_READER_CARD)


def test_the_printed_demo_reader_is_the_one_make_run_prints(demo):
    assert f"reader {DEMO_READER_CARD} / PIN {DEMO_PIN}" in (demo / "demo-logins.txt").read_text()


def test_every_active_demo_readers_card_is_valid_today(demo):
    expired = Patron.objects.filter(status=Patron.Status.ACTIVE, expires_on__lt=timezone.localdate())
    assert expired.count() == 0


def test_the_demo_reader_has_no_overdue_loan_today(demo):
    assert not Loan.objects.filter(patron=reader(), status=Loan.Status.OPEN, due_at__lt=timezone.now()).exists()


def test_the_demo_reader_has_a_few_loans_due_in_the_coming_weeks(demo):
    now = timezone.now()
    due = Loan.objects.filter(patron=reader(), status=Loan.Status.OPEN).values_list("due_at", flat=True)
    assert len(due) == 3 and all(now < at < now + timedelta(weeks=5) for at in due)


def test_the_demo_reader_has_holds_waiting_on_the_hold_shelf(demo):
    ready = Hold.objects.filter(patron=reader(), status=Hold.Status.READY, expires_at__gt=timezone.now())
    assert ready.count() == 2
    assert {hold.assigned_item.status for hold in ready} == {Item.Status.ON_HOLD_SHELF}


def test_other_readers_have_holds_waiting_on_the_hold_shelf_too(demo):
    assert Hold.objects.filter(status=Hold.Status.READY).exclude(patron=reader()).count() >= 1


def test_the_kiosk_accepts_the_demo_reader_and_pin_today(demo):
    answer = kiosk_answer(
        m.PatronInformationRequest(
            language="019", institution_id="LLLIB", patron_id=DEMO_READER_CARD, patron_password=DEMO_PIN
        )
    )
    assert (answer.valid_patron, answer.valid_patron_password, answer.patron_status.charge_privileges_denied) == (
        True,
        True,
        False,
    )


def test_the_demo_reader_borrows_at_the_kiosk_today(demo):
    book = Item.objects.filter(status=Item.Status.ON_SHELF, item_type__code="BOOK", home_branch__code="LL01").first()
    answer = kiosk_answer(
        m.CheckoutRequest(
            institution_id="LLLIB",
            patron_id=DEMO_READER_CARD,
            item_id=book.barcode,
            terminal_password="",
            patron_password=DEMO_PIN,
        )
    )
    assert answer.ok, answer.screen_messages


def test_a_printed_staff_login_signs_in_today(demo):
    username, password = (demo / "demo-logins.txt").read_text().splitlines()[0].split(" / ")[:2]
    assert User.objects.get(username=username).is_active
    assert Client().login(username=username, password=password)


def test_loading_the_demo_again_today_changes_nothing(demo):
    before = (Loan.objects.count(), Hold.objects.count(), CirculationEvent.objects.count())
    call_command("demo", "--small", stdout=io.StringIO())
    assert (Loan.objects.count(), Hold.objects.count(), CirculationEvent.objects.count()) == before


def test_no_demo_reader_card_is_also_an_item_barcode(demo):
    cards = set(PatronCard.objects.values_list("value", flat=True))
    assert not cards & set(Item.objects.values_list("barcode", flat=True))


def test_the_demos_new_cards_have_the_card_form(demo):
    new_cards = PatronCard.objects.filter(kind=PatronCard.Kind.BARCODE).values_list("value", flat=True)
    assert new_cards and all(numbering.card_form().matches(value) for value in new_cards)


def test_make_run_on_a_later_day_brings_the_demo_reader_up_to_date(demo):
    later = timezone.now() + timedelta(days=45)
    bring_to_today(DemoContext(small=True, say=lambda _line: None), now=later)
    loans = Loan.objects.filter(patron=reader(), status=Loan.Status.OPEN)
    assert (loans.filter(due_at__lt=later).exists(), loans.filter(due_at__gt=later).count()) == (False, 3)
