from datetime import date, timedelta
from decimal import Decimal

import pytest

from shuyuan.catalog.models import Item, OldBarcode
from shuyuan.catalog.queries import Scan
from shuyuan.circulation import services
from shuyuan.circulation.errors import CheckinRefused, Reason
from shuyuan.circulation.models import (
    Channel,
    CirculationEvent,
    CirculationPolicy,
    Fee,
    Hold,
    Loan,
    Notice,
    OverdueListing,
    Suspension,
    Transfer,
)
from shuyuan.circulation.steps import Route
from shuyuan.testing.catalog import make_collection, make_item
from shuyuan.testing.circulation import give_back, lend


def late(now, days):
    """The moment a 30-day loan made at ``now`` is ``days`` days overdue."""
    return now + timedelta(days=30 + days)


def test_checkin_closes_the_loan(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now + timedelta(days=3), service_point=desk)
    loan.refresh_from_db()
    assert (loan.status, loan.closed_at, loan.return_branch) == (
        Loan.Status.RETURNED,
        now + timedelta(days=3),
        desk.branch,
    )


def test_checkin_at_the_home_branch_puts_the_item_on_the_shelf(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    result = give_back(book, at=now, service_point=desk)
    book.refresh_from_db()
    assert (result.route.kind, book.status) == (Route.Kind.SHELF, Item.Status.ON_SHELF)


def test_checkin_at_another_branch_sends_the_item_home_in_transit(book, reader, desk, other_desk, now):
    lend(book, reader, at=now, service_point=desk)
    result = give_back(book, at=now, service_point=other_desk)
    book.refresh_from_db()
    transfer = Transfer.objects.get(item=book)
    assert (result.route.kind, book.status, transfer.from_branch, transfer.to_branch) == (
        Route.Kind.TRANSIT,
        Item.Status.IN_TRANSIT,
        other_desk.branch,
        desk.branch,
    )


def test_checkin_of_a_floating_item_at_another_branch_keeps_it_there(branch, reader, desk, other_desk, now):
    floating = make_item(collection=make_collection(branch, floats=True))
    lend(floating, reader, at=now, service_point=desk)
    give_back(floating, at=now, service_point=other_desk)
    floating.refresh_from_db()
    assert (floating.status, floating.current_branch) == (Item.Status.ON_SHELF, other_desk.branch)


def test_checkin_writes_a_checkin_event(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now, service_point=desk)
    event = CirculationEvent.objects.get(kind=CirculationEvent.Kind.CHECKIN)
    assert (event.reader_token, event.service_point) == (reader.reader_token, desk)


def test_checkin_of_an_item_on_the_shelf_writes_no_checkin_event(book, desk, now):
    give_back(book, at=now, service_point=desk)
    assert not CirculationEvent.objects.filter(kind=CirculationEvent.Kind.CHECKIN).exists()


def test_checkin_of_a_withdrawn_item_is_refused(book, desk, now):
    Item.objects.filter(pk=book.pk).update(status=Item.Status.WITHDRAWN)
    with pytest.raises(CheckinRefused) as refused:
        give_back(book, at=now, service_point=desk)
    assert refused.value.reason == Reason.ITEM_WITHDRAWN


def test_an_overdue_return_suspends_borrowing_one_day_per_overdue_day(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    result = give_back(book, at=late(now, 5), service_point=desk)
    suspension = result.suspension
    assert (suspension.overdue_days, suspension.first_day, suspension.last_day) == (
        5,
        date(2016, 4, 6),
        date(2016, 4, 10),
    )


def test_the_days_of_suspension_per_overdue_day_are_configurable(book, reader, desk, now):
    CirculationPolicy.objects.create(library=desk.branch.library, suspension_days_per_overdue_day=3)
    lend(book, reader, at=now, service_point=desk)
    suspension = give_back(book, at=late(now, 5), service_point=desk).suspension
    assert (suspension.last_day - suspension.first_day).days + 1 == 15


def test_a_second_suspension_starts_after_the_one_still_running(branch, reader, desk, now):
    first, second = make_item(branch=branch), make_item(branch=branch)
    lend(first, reader, at=now, service_point=desk)
    lend(second, reader, at=now, service_point=desk)
    give_back(first, at=late(now, 4), service_point=desk)
    suspension = give_back(second, at=late(now, 4), service_point=desk).suspension
    assert suspension.first_day == date(2016, 4, 9)


def test_an_on_time_return_suspends_nothing(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=late(now, 0), service_point=desk)
    assert not Suspension.objects.exists()


def test_a_closure_decided_after_the_checkout_moves_the_due_date(book, reader, desk, now):
    from shuyuan.branches.models import Closure

    loan = lend(book, reader, at=now, service_point=desk)  # due 2016-03-31
    Closure.objects.create(
        branch=desk.branch, first_day=date(2016, 3, 31), last_day=date(2016, 4, 2), reason="停电", created_at=now
    )
    give_back(book, at=loan.due_at + timedelta(days=3), service_point=desk)  # 2016-04-03, the next open day
    assert not Suspension.objects.exists()


def test_an_overdue_return_notifies_the_reader_of_the_suspension(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=late(now, 2), service_point=desk)
    assert Notice.objects.get(patron=reader).kind == Notice.Kind.SUSPENDED


def test_no_fee_is_charged_when_the_library_charges_none(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=late(now, 10), service_point=desk)
    assert not Fee.objects.exists()


def test_a_library_that_charges_fees_charges_per_overdue_day(book, reader, desk, now):
    CirculationPolicy.objects.create(
        library=desk.branch.library,
        charges_fees=True,
        overdue_fee_per_day=Decimal("0.20"),
        overdue_fee_cap=Decimal("5.00"),
    )
    lend(book, reader, at=now, service_point=desk)
    assert give_back(book, at=late(now, 10), service_point=desk).fee.amount == Decimal("2.00")


def test_the_overdue_fee_stops_at_the_cap(book, reader, desk, now):
    CirculationPolicy.objects.create(
        library=desk.branch.library,
        charges_fees=True,
        overdue_fee_per_day=Decimal("0.20"),
        overdue_fee_cap=Decimal("5.00"),
    )
    lend(book, reader, at=now, service_point=desk)
    assert give_back(book, at=late(now, 100), service_point=desk).fee.amount == Decimal("5.00")


def test_repeated_long_overdues_put_the_reader_on_the_overdue_list(branch, reader, desk, now):
    CirculationPolicy.objects.create(
        library=desk.branch.library, long_overdue_days=20, long_overdue_count=2, max_suspension_days=1
    )
    results = []
    for days in (0, 60):
        item = make_item(branch=branch)
        lend(item, reader, at=now + timedelta(days=days), service_point=desk)
        results.append(give_back(item, at=late(now + timedelta(days=days), 25), service_point=desk))
    assert (results[0].listed, results[1].listed.long_overdues) == (None, 2)


def test_a_reader_on_the_overdue_list_may_not_borrow(book, reader, desk, now):
    from shuyuan.circulation.errors import CheckoutRefused

    OverdueListing.objects.create(patron=reader, long_overdues=3, listed_at=now)
    with pytest.raises(CheckoutRefused) as refused:
        lend(book, reader, at=now, service_point=desk)
    assert refused.value.reason == Reason.PATRON_ON_OVERDUE_LIST


def test_a_lost_item_that_turns_up_at_checkin_is_recorded_as_found(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    services.mark_lost(loan, at=now, by=None, channel="desk", service_point=desk)
    result = give_back(book, at=now + timedelta(days=1), service_point=desk)
    book.refresh_from_db()
    assert (result.found, book.status) == (True, Item.Status.ON_SHELF)


def test_a_lost_item_that_turns_up_cancels_its_compensation(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    compensation = services.mark_lost(loan, at=now, by=None, channel="desk", service_point=desk)
    give_back(book, at=now + timedelta(days=1), service_point=desk)
    compensation.refresh_from_db()
    assert compensation.status == compensation.Status.CANCELLED


def scanned(code, *, at, service_point):
    """A check-in by the code scanned (``Scan``), as the kiosks do it: the scan, and what it did."""
    scan = Scan(code)
    return scan, services.checkin(scan, at=at, by=None, service_point=service_point, channel=Channel.KIOSK)


def test_a_checkin_by_the_code_scanned_returns_that_item_and_reads_it_with_its_title(branch, reader, desk, now):
    first, second = make_item(branch=branch), make_item(branch=branch)
    loans = [lend(item, reader, at=now, service_point=desk) for item in (first, second)]
    scan, result = scanned(f" {second.barcode} ", at=now, service_point=desk)
    for loan in loans:
        loan.refresh_from_db()
    assert (result.item.pk, scan.item.pk, scan.item.record.title, loans[0].status, loans[1].status) == (
        second.pk,
        second.pk,
        second.record.title,
        Loan.Status.OPEN,
        Loan.Status.RETURNED,
    )


def test_a_code_that_is_one_items_barcode_and_anothers_old_barcode_returns_the_first(branch, reader, desk, now):
    # The look-up and the locks sent after it must agree on which item a code stands for.
    relabelled, labelled = make_item(branch=branch), make_item(branch=branch)
    OldBarcode.objects.create(barcode=labelled.barcode, item=relabelled, created_at=now)
    loans = [lend(item, reader, at=now, service_point=desk) for item in (relabelled, labelled)]
    scan, result = scanned(labelled.barcode, at=now, service_point=desk)
    assert [loan.item_id for loan in Loan.objects.filter(status=Loan.Status.OPEN)] == [relabelled.pk]
    assert (scan.item.pk, result.loan.pk) == (labelled.pk, loans[1].pk)


@pytest.mark.parametrize("code", ["OLD-0001", "E2003412"])
def test_a_checkin_finds_the_item_by_its_old_barcode_or_its_rfid_tag(code, book, reader, desk, now):
    Item.objects.filter(pk=book.pk).update(rfid_tag="E2003412")
    OldBarcode.objects.create(barcode="OLD-0001", item=book, created_at=now)
    loan = lend(book, reader, at=now, service_point=desk)
    _scan, result = scanned(code, at=now, service_point=desk)
    loan.refresh_from_db()
    assert (result.item.pk, loan.status) == (book.pk, Loan.Status.RETURNED)


@pytest.mark.parametrize("code", ["NO-SUCH-ITEM", "  "])
def test_a_code_no_item_has_is_refused_and_changes_nothing(code, book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    scan = Scan(code)
    with pytest.raises(CheckinRefused) as refused:
        services.checkin(scan, at=now, by=None, service_point=desk, channel=Channel.KIOSK)
    loan.refresh_from_db()
    assert (refused.value.reason, scan.item, loan.status) == (Reason.UNKNOWN_ITEM, None, Loan.Status.OPEN)


def test_an_item_checked_in_by_its_code_goes_to_the_hold_shelf_for_the_reader_waiting(
    book, reader, second_reader, desk, now
):
    lend(book, reader, at=now, service_point=desk)
    waiting = services.place_hold(
        book.record, second_reader, pickup_branch=desk.branch, at=now, by=None, channel="opac"
    )
    _scan, result = scanned(book.barcode, at=now, service_point=desk)
    waiting.refresh_from_db()
    assert (result.route.kind, waiting.status, waiting.assigned_item_id) == (
        Route.Kind.HOLD_SHELF,
        Hold.Status.READY,
        book.pk,
    )
