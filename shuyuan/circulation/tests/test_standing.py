"""The reader's standing and account: one answer for every adapter, agreeing with checkout."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from shuyuan import fastsql
from shuyuan.circulation import queries, services, steps
from shuyuan.circulation.errors import CheckoutRefused, Reason
from shuyuan.circulation.models import Channel, Fee
from shuyuan.patrons import services as patron_services
from shuyuan.testing.catalog import make_item, make_item_type
from shuyuan.testing.circulation import NOW, OBSTACLES, give_back, lend, make_obstacle, make_open_loans
from shuyuan.testing.patrons import make_patron


def standing_of(reader, desk, at=NOW):
    return queries.standing(reader, at=at, branch=desk.branch)


def test_a_reader_in_good_standing_may_borrow_renew_and_hold(reader, desk):
    standing = standing_of(reader, desk)
    assert (standing.may_borrow, standing.may_renew, standing.may_hold, standing.reasons) == (True, True, True, ())


def test_a_closed_card_stops_borrowing_renewing_and_holds(reader, desk):
    standing = standing_of(make_obstacle("closed", reader, desk), desk)
    assert (standing.reasons, standing.may_renew, standing.may_hold) == ((Reason.PATRON_CLOSED,), False, False)


def test_a_registration_not_yet_confirmed_stops_borrowing(reader, desk):
    assert standing_of(make_obstacle("pending", reader, desk), desk).reasons == (Reason.PATRON_PENDING,)


def test_an_expired_card_stops_borrowing(reader, desk):
    assert standing_of(make_obstacle("expired", reader, desk), desk).reasons == (Reason.PATRON_EXPIRED,)


def test_a_block_stops_borrowing(reader, desk):
    assert standing_of(make_obstacle("blocked", reader, desk), desk).reasons == (Reason.PATRON_BLOCKED,)


def test_a_lifted_block_no_longer_stops_borrowing(reader, desk):
    block = patron_services.block(reader, reason="损坏图书未赔偿", at=NOW, by=None)
    patron_services.lift_block(block, at=NOW, by=None)
    assert standing_of(reader, desk).may_borrow is True


def test_the_list_of_repeated_long_overdues_stops_borrowing(reader, desk):
    assert standing_of(make_obstacle("listed", reader, desk), desk).reasons == (Reason.PATRON_ON_OVERDUE_LIST,)


def test_a_running_suspension_stops_borrowing_and_is_in_the_account(reader, desk):
    reader = make_obstacle("suspended", reader, desk)
    suspensions = queries.account(reader, at=NOW).suspensions
    assert standing_of(reader, desk).reasons == (Reason.PATRON_SUSPENDED,)
    assert [(s.first_day, s.last_day, s.is_running) for s in suspensions] == [
        (date(2016, 2, 28), date(2016, 3, 13), True)
    ]


def test_a_suspension_that_is_over_is_neither_an_obstacle_nor_in_the_account(reader, desk):
    reader = make_obstacle("suspended", reader, desk)
    later = NOW + timedelta(days=13)
    assert (standing_of(reader, desk, later).may_borrow, queries.account(reader, at=later).suspensions) == (True, ())


def test_compensation_owed_stops_borrowing_and_is_in_the_account(reader, desk):
    reader = make_obstacle("owes_compensation", reader, desk)
    standing, account = standing_of(reader, desk), queries.account(reader, at=NOW)
    assert (standing.reasons, standing.compensation_owed) == ((Reason.PATRON_OWES_COMPENSATION,), Decimal("28.50"))
    assert [(c.cause, c.amount) for c in account.compensations] == [("damaged", Decimal("28.50"))]


def test_an_overdue_loan_stops_borrowing_and_is_flagged_in_the_account(reader, desk):
    reader = make_obstacle("overdue", reader, desk)
    standing, account = standing_of(reader, desk), queries.account(reader, at=NOW)
    assert (standing.reasons, standing.overdue) == ((Reason.PATRON_HAS_OVERDUE,), 1)
    assert [(loan.is_overdue, loan.days_overdue) for loan in account.loans] == [(True, 15)]


def test_fees_over_the_limit_stop_borrowing_and_are_in_the_account(reader, desk):
    reader = make_obstacle("owes_fees", reader, desk)
    standing, account = standing_of(reader, desk), queries.account(reader, at=NOW)
    assert (standing.reasons, standing.fees_owed, standing.open_fees) == (
        (Reason.PATRON_OWES_FEES,),
        Decimal("6.00"),
        1,
    )
    assert [fee.amount for fee in account.fees] == [Decimal("6.00")]


def test_the_loan_limit_stops_borrowing_but_not_renewing(reader, desk):
    reader = make_obstacle("loan_limit", reader, desk)
    standing = standing_of(reader, desk)
    assert (standing.reasons, standing.loans, standing.max_loans, standing.may_renew) == (
        (Reason.LOAN_LIMIT,),
        2,
        2,
        True,
    )
    assert len(queries.account(reader, at=NOW).loans) == 2


@pytest.mark.parametrize("kind", sorted(OBSTACLES))
def test_checkout_refuses_with_the_first_reason_the_standing_gives(kind, reader, desk):
    reader = make_obstacle(kind, reader, desk)
    expected = standing_of(reader, desk).reasons
    with pytest.raises(CheckoutRefused) as refused:
        lend(make_item(branch=desk.branch), reader, at=NOW, service_point=desk)
    assert (refused.value.reason, expected) == (OBSTACLES[kind][1], (OBSTACLES[kind][1],))


def test_a_reader_with_several_obstacles_gets_every_reason_in_the_order_checkout_checks_them(reader, desk):
    for kind in ("owes_fees", "overdue", "suspended", "blocked", "expired"):
        reader = make_obstacle(kind, reader, desk)
    assert standing_of(reader, desk).reasons == (
        Reason.PATRON_EXPIRED,
        Reason.PATRON_BLOCKED,
        Reason.PATRON_SUSPENDED,
        Reason.PATRON_HAS_OVERDUE,
        Reason.PATRON_OWES_FEES,
    )


def test_the_standing_is_read_in_one_statement(reader, desk, django_assert_num_queries):
    standing_of(reader, desk)  # the configuration is read once per process
    with django_assert_num_queries(1):
        standing_of(reader, desk)


def test_the_account_lists_open_loans_soonest_due_first(reader, desk):
    first, second = make_item(branch=desk.branch), make_item(branch=desk.branch)
    lend(second, reader, at=NOW, service_point=desk)
    lend(first, reader, at=NOW - timedelta(days=3), service_point=desk)
    loans = queries.account(reader, at=NOW).loans
    assert [(loan.barcode, loan.is_overdue) for loan in loans] == [(first.barcode, False), (second.barcode, False)]


def test_the_account_gives_each_waiting_hold_its_place_in_the_queue(reader, second_reader, book, desk):
    lend(book, make_patron("赵六", branch=desk.branch, service_point=desk), at=NOW, service_point=desk)
    for patron in (second_reader, reader):
        services.place_hold(book.record, patron, pickup_branch=desk.branch, at=NOW, by=None, channel=Channel.OPAC)
    holds = queries.account(reader, at=NOW).holds
    assert [(hold.status, hold.queue_position) for hold in holds] == [("waiting", 2)]


def test_the_standing_counts_holds_against_the_limit(reader, book, desk):
    lend(book, make_patron("赵六", branch=desk.branch, service_point=desk), at=NOW, service_point=desk)
    services.place_hold(book.record, reader, pickup_branch=desk.branch, at=NOW, by=None, channel=Channel.OPAC)
    standing = standing_of(reader, desk)
    assert (standing.holds_waiting, standing.holds_ready, standing.max_holds) == (1, 0, 5)


def test_every_count_of_the_standing_is_its_own(reader, desk):
    """Loans, overdue loans, holds ready and waiting, open fees and what is owed all differ, so that
    a count read into another's place, or a parameter bound to another's, fails."""
    other = make_patron("赵六", branch=desk.branch, service_point=desk)
    books = [make_item(branch=desk.branch) for _ in range(4)]
    for book in books:
        lend(book, other, at=NOW - timedelta(days=1), service_point=desk)
        services.place_hold(book.record, reader, pickup_branch=desk.branch, at=NOW, by=None, channel=Channel.OPAC)
    give_back(books[0], at=NOW, service_point=desk)
    make_open_loans(reader, 3, branch=desk.branch)
    make_open_loans(reader, 2, branch=desk.branch, at=NOW - timedelta(days=45), due_in_days=30)
    for amount in ("6.00", "1.50", "0.40", "2.10"):
        Fee.objects.create(patron=reader, amount=Decimal(amount), overdue_days=3, created_at=NOW - timedelta(days=2))
    make_obstacle("owes_compensation", reader, desk)
    counts = [
        (s.loans, s.overdue, s.holds_ready, s.holds_waiting, s.open_fees, s.fees_owed, s.compensation_owed)
        for s in (
            standing_of(reader, desk),
            queries.standing(reader, at=NOW, branch=desk.branch, read=read_with_card(reader.card_number)),
        )
    ]
    assert counts == [(5, 2, 1, 3, 4, Decimal("10.00"), Decimal("28.50"))] * 2


def test_the_loan_counts_count_all_of_one_type_and_overdue_apart(reader, desk):
    other_type = make_item(branch=desk.branch, item_type=make_item_type("DVD"))
    lend(other_type, reader, at=NOW, service_point=desk)
    make_open_loans(reader, 3, branch=desk.branch)
    make_open_loans(reader, 2, branch=desk.branch, at=NOW - timedelta(days=45), due_in_days=30)
    counts = steps.loan_counts(reader, item_type_id=other_type.item_type_id, at=NOW)
    assert (counts.total, counts.of_type, counts.overdue) == (6, 1, 2)


def test_a_card_no_reader_holds_reads_no_standing(reader):
    assert read_with_card("NO-SUCH-CARD") == []


def read_with_card(card: str):
    """What an adapter reads with the reader's card, before it knows who the reader is."""
    return fastsql.fetch_all(*queries.standing_statement(card, at=NOW))


@pytest.mark.parametrize("kind", ["none", *OBSTACLES])
def test_the_standing_read_with_the_readers_card_is_the_standing_read_by_their_id(kind, reader, desk):
    reader = reader if kind == "none" else make_obstacle(kind, reader, desk)
    read = read_with_card(reader.card_number)
    assert queries.standing(reader, at=NOW, branch=desk.branch, read=read) == standing_of(reader, desk)


def test_the_standing_read_with_the_card_needs_no_statement_more(reader, desk, django_assert_num_queries):
    read = read_with_card(reader.card_number)
    standing_of(reader, desk)  # the configuration is read once per process
    with django_assert_num_queries(0):
        queries.standing(reader, at=NOW, branch=desk.branch, read=read)


def test_a_standing_read_with_another_readers_card_is_not_taken_for_this_readers(reader, second_reader, desk):
    make_obstacle("blocked", second_reader, desk)
    read = read_with_card(second_reader.card_number)
    assert queries.standing(reader, at=NOW, branch=desk.branch, read=read) == standing_of(reader, desk)
