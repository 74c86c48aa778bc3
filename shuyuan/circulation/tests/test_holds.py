from datetime import date, timedelta

import pytest

from shuyuan.catalog.models import Item
from shuyuan.circulation import queries, services
from shuyuan.circulation.errors import HoldRefused, Reason
from shuyuan.circulation.models import Channel, Hold, Notice, Transfer
from shuyuan.circulation.steps import Route
from shuyuan.testing.catalog import make_item, make_item_type, make_record
from shuyuan.testing.circulation import give_back, lend, make_rule
from shuyuan.testing.patrons import make_patron


def hold(record, patron, pickup, at, **kwargs):
    return services.place_hold(record, patron, pickup_branch=pickup, at=at, by=None, channel=Channel.OPAC, **kwargs)


def hold_refusal(record, patron, pickup, at, **kwargs):
    with pytest.raises(HoldRefused) as refused:
        hold(record, patron, pickup, at, **kwargs)
    return refused.value.reason


def test_holds_on_a_title_queue_in_the_order_they_are_placed(book, reader, second_reader, branch, now):
    first = hold(book.record, reader, branch, now)
    second = hold(book.record, second_reader, branch, now)
    assert (queries.queue_place(first), queries.queue_place(second)) == (1, 2)


def test_a_cancelled_hold_moves_the_next_reader_up(book, reader, second_reader, branch, now):
    first = hold(book.record, reader, branch, now)
    second = hold(book.record, second_reader, branch, now)
    services.cancel_hold(first, at=now, by=None, channel=Channel.OPAC)
    assert queries.queue_place(second) == 1


def test_queue_numbers_are_never_reused(book, reader, second_reader, branch, now):
    first = hold(book.record, reader, branch, now)
    services.cancel_hold(first, at=now, by=None, channel=Channel.OPAC)
    assert hold(book.record, second_reader, branch, now).position == 2


def test_a_second_hold_on_the_same_title_is_refused(book, reader, branch, now):
    hold(book.record, reader, branch, now)
    assert hold_refusal(book.record, reader, branch, now) == Reason.ALREADY_HOLDS


def test_a_hold_on_an_item_the_reader_has_on_loan_is_refused(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    assert hold_refusal(book.record, reader, desk.branch, now, item=book) == Reason.HOLD_ON_OWN_LOAN


def test_a_hold_on_a_title_the_reader_has_on_loan_is_refused(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    assert hold_refusal(book.record, reader, desk.branch, now) == Reason.HOLD_ON_OWN_LOAN


def test_a_hold_on_an_item_of_another_title_is_refused(book, reader, branch, now):
    assert hold_refusal(make_record(), reader, branch, now, item=book) == Reason.HOLD_ITEM_OF_OTHER_RECORD


def test_a_hold_on_a_title_without_loanable_copies_is_refused(branch, reader, now):
    reference = make_item(branch=branch, item_type=make_item_type("REF", is_loanable=False))
    assert hold_refusal(reference.record, reader, branch, now) == Reason.NO_LOANABLE_COPY


def test_holds_are_refused_where_the_rule_allows_none(book, reader, branch, now):
    make_rule(branch=branch, max_holds=0)
    assert hold_refusal(book.record, reader, branch, now) == Reason.HOLDS_NOT_ALLOWED


def test_holds_are_refused_beyond_the_rules_maximum(branch, reader, now):
    make_rule(max_holds=1)
    hold(make_item(branch=branch).record, reader, branch, now)
    assert hold_refusal(make_item(branch=branch).record, reader, branch, now) == Reason.HOLD_LIMIT


def test_a_returned_item_goes_to_the_hold_shelf_for_the_first_reader_waiting(book, reader, second_reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    waiting = hold(book.record, second_reader, desk.branch, now)
    result = give_back(book, at=now + timedelta(days=5), service_point=desk)
    waiting.refresh_from_db()
    book.refresh_from_db()
    assert (result.route.kind, waiting.status, waiting.assigned_item, book.status) == (
        Route.Kind.HOLD_SHELF,
        Hold.Status.READY,
        book,
        Item.Status.ON_HOLD_SHELF,
    )


def test_the_reader_is_notified_when_the_hold_is_ready(book, reader, second_reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    hold(book.record, second_reader, desk.branch, now)
    give_back(book, at=now + timedelta(days=5), service_point=desk)
    notice = Notice.objects.get(patron=second_reader)
    assert (notice.kind, notice.detail["collect_by"]) == (Notice.Kind.HOLD_READY, "2016-03-13")


def test_a_returned_item_travels_to_the_pickup_branch_of_the_hold(book, reader, second_reader, desk, other_desk, now):
    lend(book, reader, at=now, service_point=desk)
    waiting = hold(book.record, second_reader, other_desk.branch, now)
    give_back(book, at=now + timedelta(days=5), service_point=desk)
    waiting.refresh_from_db()
    transfer = Transfer.objects.get(item=book)
    assert (waiting.status, transfer.to_branch, transfer.hold) == (Hold.Status.IN_TRANSIT, other_desk.branch, waiting)


def test_an_item_arriving_for_a_hold_goes_onto_the_hold_shelf(book, reader, second_reader, desk, other_desk, now):
    lend(book, reader, at=now, service_point=desk)
    waiting = hold(book.record, second_reader, other_desk.branch, now)
    give_back(book, at=now + timedelta(days=5), service_point=desk)
    services.receive(book, at=now + timedelta(days=6), by=None, service_point=other_desk)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.expires_at.date()) == (Hold.Status.READY, date(2016, 3, 14))


def test_an_item_on_the_hold_shelf_is_lent_only_to_its_reader(book, reader, second_reader, desk, now):
    from shuyuan.circulation.errors import CheckoutRefused

    hold(book.record, second_reader, desk.branch, now)
    give_back(book, at=now, service_point=desk)
    with pytest.raises(CheckoutRefused) as refused:
        lend(book, reader, at=now, service_point=desk)
    assert refused.value.reason == Reason.ITEM_HELD_FOR_ANOTHER


def test_collecting_the_item_fulfils_the_hold(book, reader, desk, now):
    waiting = hold(book.record, reader, desk.branch, now)
    give_back(book, at=now, service_point=desk)
    lend(book, reader, at=now + timedelta(days=1), service_point=desk)
    waiting.refresh_from_db()
    assert waiting.status == Hold.Status.FULFILLED


def test_a_hold_on_one_copy_is_not_filled_by_another(branch, reader, second_reader, desk, now):
    wanted, other = make_item(branch=branch), None
    other = make_item(record=wanted.record, branch=branch)
    waiting = hold(wanted.record, second_reader, branch, now, item=wanted)
    give_back(other, at=now, service_point=desk)
    waiting.refresh_from_db()
    assert waiting.status == Hold.Status.WAITING


def test_cancelling_a_ready_hold_passes_the_item_to_the_next_reader(book, reader, second_reader, desk, now):
    first = hold(book.record, reader, desk.branch, now)
    second = hold(book.record, second_reader, desk.branch, now)
    give_back(book, at=now, service_point=desk)
    services.cancel_hold(first, at=now, by=None, channel=Channel.DESK, service_point=desk)
    second.refresh_from_db()
    assert (second.status, second.assigned_item) == (Hold.Status.READY, book)


def test_cancelling_a_closed_hold_is_refused(book, reader, desk, now):
    placed = hold(book.record, reader, desk.branch, now)
    services.cancel_hold(placed, at=now, by=None, channel=Channel.OPAC)
    with pytest.raises(HoldRefused) as refused:
        services.cancel_hold(placed, at=now, by=None, channel=Channel.OPAC)
    assert refused.value.reason == Reason.HOLD_NOT_ACTIVE


def test_an_uncollected_hold_expires_and_its_item_returns_to_the_shelf(book, reader, desk, now):
    placed = hold(book.record, reader, desk.branch, now)
    give_back(book, at=now, service_point=desk)
    assert services.expire_holds(at=now + timedelta(days=9), by=None) == 1
    placed.refresh_from_db()
    book.refresh_from_db()
    assert (placed.status, book.status) == (Hold.Status.EXPIRED, Item.Status.ON_SHELF)


def test_a_hold_not_yet_due_does_not_expire(book, reader, desk, now):
    hold(book.record, reader, desk.branch, now)
    give_back(book, at=now, service_point=desk)
    assert services.expire_holds(at=now + timedelta(days=6), by=None) == 0


def test_a_waiting_hold_expires_after_its_not_needed_after_day(book, reader, desk, now):
    placed = hold(book.record, reader, desk.branch, now, not_needed_after=date(2016, 3, 10))
    services.expire_holds(at=now + timedelta(days=10), by=None)
    placed.refresh_from_db()
    assert placed.status == Hold.Status.EXPIRED


def test_holds_to_pull_lists_waiting_holds_with_a_copy_on_the_shelf(book, reader, branch, now):
    placed = hold(book.record, reader, branch, now)
    assert list(queries.holds_to_pull(branch)) == [placed]


def test_a_blocked_reader_may_not_place_holds(book, branch, desk, now):
    from shuyuan.patrons.models import PatronBlock

    blocked = make_patron("赵六", branch=branch, service_point=desk)
    PatronBlock.objects.create(patron=blocked, reason="x", created_at=now)
    assert hold_refusal(book.record, blocked, branch, now) == Reason.PATRON_BLOCKED


def test_a_copy_travelling_for_a_cancelled_hold_goes_home_when_it_arrives(
    book, reader, second_reader, desk, other_desk, now
):
    lend(book, reader, at=now, service_point=desk)
    waiting = hold(book.record, second_reader, other_desk.branch, now)
    give_back(book, at=now, service_point=desk)
    services.cancel_hold(waiting, at=now, by=None, channel=Channel.OPAC)
    route = services.receive(book, at=now + timedelta(days=1), by=None, service_point=other_desk)
    assert (route.kind, route.destination) == (Route.Kind.TRANSIT, desk.branch)
