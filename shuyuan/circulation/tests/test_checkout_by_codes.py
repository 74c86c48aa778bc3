"""A checkout by the codes scanned (``catalog.queries.Scan`` and ``patrons.queries.Card``), as kiosks do
it: the item and the card are looked up with the checkout's locks, and every answer is the one a
checkout of the item and the reader gives."""

from datetime import date

import pytest
from django.utils import timezone

from shuyuan.catalog.models import Item, OldBarcode
from shuyuan.catalog.queries import Scan
from shuyuan.circulation import services
from shuyuan.circulation.errors import CheckoutRefused, Reason
from shuyuan.circulation.models import Channel, Hold, Loan
from shuyuan.patrons import ecard
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.errors import Reason as PatronReason
from shuyuan.patrons.models import Patron, PatronCard
from shuyuan.patrons.queries import Card
from shuyuan.testing.catalog import make_item, make_item_type
from shuyuan.testing.circulation import OBSTACLES, lend, make_obstacle, make_open_loans, make_rule
from shuyuan.testing.patrons import make_patron, resident_id


def by_codes(code, identifier, *, at, point):
    """The checkout by ``code`` and ``identifier``: the scan, the card, and the loan."""
    scan, card = Scan(code), Card(identifier)
    loan = services.checkout(scan, card, at=at, by=None, service_point=point, channel=Channel.KIOSK)
    return scan, card, loan


def refusal_by_codes(code, identifier, *, at, point):
    with pytest.raises(CheckoutRefused) as refused:
        by_codes(code, identifier, at=at, point=point)
    return refused.value.reason


def test_a_checkout_by_the_codes_lends_that_item_to_the_cards_reader(branch, reader, second_reader, desk, now):
    first, second = make_item(branch=branch), make_item(branch=branch)
    scan, card, loan = by_codes(f" {second.barcode} ", f" {second_reader.card_number} ", at=now, point=desk)
    assert (loan.item_id, loan.patron_id, scan.item.pk, scan.item.record.title, card.patron.pk) == (
        second.pk,
        second_reader.pk,
        second.pk,
        second.record.title,
        second_reader.pk,
    )
    assert list(Item.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk").values_list("status", flat=True)) == [
        Item.Status.ON_SHELF,
        Item.Status.ON_LOAN,
    ]


def test_a_checkout_by_the_codes_is_due_as_a_checkout_of_the_instances(branch, reader, desk, now):
    make_rule(loan_days=21)
    first, second = make_item(branch=branch), make_item(branch=branch)
    by_instances = lend(first, reader, at=now, service_point=desk)
    _scan, _card, loan = by_codes(second.barcode, reader.card_number, at=now, point=desk)
    assert loan.due_at == by_instances.due_at


@pytest.mark.parametrize("kind", sorted(OBSTACLES))
def test_every_obstacle_refuses_a_checkout_by_the_codes_as_it_refuses_one_of_the_instances(
    kind, book, reader, desk, now
):
    patron = make_obstacle(kind, reader, desk, at=now)
    assert refusal_by_codes(book.barcode, patron.card_number, at=now, point=desk) == OBSTACLES[kind][1]
    assert not Loan.objects.filter(item=book).exists()


def test_the_type_limit_counts_the_loans_of_the_scanned_items_type(branch, reader, desk, now):
    make_rule(max_loans=10, max_loans_of_type=2)
    make_open_loans(reader, 2, branch=desk.branch, at=now)  # two books
    book, dvd = make_item(branch=branch), make_item(branch=branch, item_type=make_item_type("DVD"))
    assert refusal_by_codes(book.barcode, reader.card_number, at=now, point=desk) == Reason.TYPE_LIMIT
    _scan, _card, loan = by_codes(dvd.barcode, reader.card_number, at=now, point=desk)
    assert loan.item_id == dvd.pk


def test_a_copy_on_the_hold_shelf_is_refused_to_another_reader_and_lent_to_its_own(
    book, reader, second_reader, desk, now
):
    hold = services.place_hold(book.record, second_reader, pickup_branch=desk.branch, at=now, by=None, channel="opac")
    services.checkin(book, at=now, by=None, service_point=desk, channel=Channel.DESK)  # onto the hold shelf
    assert refusal_by_codes(book.barcode, reader.card_number, at=now, point=desk) == Reason.ITEM_HELD_FOR_ANOTHER
    by_codes(book.barcode, second_reader.card_number, at=now, point=desk)
    hold.refresh_from_db()
    assert hold.status == Hold.Status.FULFILLED


def test_a_copy_of_a_title_the_reader_waits_for_fulfils_their_hold(branch, book, reader, second_reader, desk, now):
    lend(book, second_reader, at=now, service_point=desk)
    hold = services.place_hold(book.record, reader, pickup_branch=desk.branch, at=now, by=None, channel="opac")
    other_copy = make_item(book.record, branch=branch)
    by_codes(other_copy.barcode, reader.card_number, at=now, point=desk)
    hold.refresh_from_db()
    assert (hold.status, hold.assigned_item_id) == (Hold.Status.FULFILLED, other_copy.pk)


def test_an_item_already_lent_to_the_reader_is_said_so(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    assert refusal_by_codes(book.barcode, reader.card_number, at=now, point=desk) == Reason.ITEM_ON_LOAN_TO_PATRON


@pytest.mark.parametrize("code", ["NO-SUCH-ITEM", " "])
def test_a_code_no_item_has_is_refused_and_lends_nothing(code, book, reader, desk, now):
    assert refusal_by_codes(code, reader.card_number, at=now, point=desk) == Reason.UNKNOWN_ITEM
    assert not Loan.objects.exists()


def test_a_lost_or_unknown_card_is_refused_as_the_card_look_up_refuses_it(book, reader, desk, now):
    PatronCard.objects.filter(value=reader.card_number).update(status=PatronCard.Status.LOST)
    refusals = []
    for identifier in (reader.card_number, "NO-SUCH-CARD"):
        with pytest.raises(PatronRefused) as refused:
            by_codes(book.barcode, identifier, at=now, point=desk)
        refusals.append(refused.value.reason)
    assert refusals == [PatronReason.CARD_LOST, PatronReason.CARD_NOT_FOUND]
    assert not Loan.objects.exists()


def test_a_card_left_on_a_merged_record_lends_to_the_record_it_was_merged_into(book, reader, second_reader, desk, now):
    # The look-ups lock no reader for such a card; the reader it stands for is then locked by id.
    Patron.objects.filter(pk=second_reader.pk).update(merged_into=reader)
    _scan, card, loan = by_codes(book.barcode, second_reader.card_number, at=now, point=desk)
    assert (card.patron.pk, loan.patron_id) == (reader.pk, reader.pk)


def test_a_card_left_on_a_merged_record_is_refused_for_what_stops_the_record_it_was_merged_into(
    book, reader, second_reader, desk, now
):
    Patron.objects.filter(pk=second_reader.pk).update(merged_into=reader)
    make_obstacle("blocked", reader, desk, at=now)
    assert refusal_by_codes(book.barcode, second_reader.card_number, at=now, point=desk) == Reason.PATRON_BLOCKED


def test_an_e_card_lends_to_its_reader(book, reader, desk, now):
    _scan, card, loan = by_codes(book.barcode, ecard.value(reader, at=timezone.now()), at=now, point=desk)
    assert (card.patron.pk, loan.patron_id) == (reader.pk, reader.pk)


def test_a_code_that_is_one_items_barcode_and_anothers_old_barcode_lends_the_first(branch, reader, desk, now):
    # The look-up and the probes sent after it must agree on which item a code stands for.
    relabelled, labelled = make_item(branch=branch), make_item(branch=branch, item_type=make_item_type("DVD"))
    OldBarcode.objects.create(barcode=labelled.barcode, item=relabelled, created_at=now)
    make_rule(max_loans=10, max_loans_of_type=1)
    make_open_loans(reader, 1, branch=desk.branch, at=now)  # a book: the type limit for books is reached
    _scan, _card, loan = by_codes(labelled.barcode, reader.card_number, at=now, point=desk)
    assert loan.item_id == labelled.pk


def test_an_id_card_lends_to_its_reader(branch, book, desk, now):
    number = resident_id(date(1990, 1, 2))
    patron = make_patron("李四", id_number=number, branch=branch)
    _scan, _card, loan = by_codes(book.barcode, number, at=now, point=desk)
    assert loan.patron_id == patron.pk


def test_the_codes_go_together(book, reader, desk, now):
    with pytest.raises(TypeError):
        services.checkout(Scan(book.barcode), reader, at=now, by=None, service_point=desk, channel=Channel.KIOSK)
