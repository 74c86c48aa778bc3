"""The refusal rules as pure functions of plain values: no database here."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuyuan.circulation import rules
from shuyuan.circulation.errors import Reason

TODAY = date(2016, 3, 1)
ACTIVE = rules.ReaderState(status="active", expires_on=date(2017, 3, 1))
TERMS = rules.DEFAULT_TERMS


def borrowing(reader=ACTIVE, *, overdue=0, fees_owed=None, blocks_overdue=True, fee_limit=None):
    return rules.borrowing_refusals(
        reader,
        today=TODAY,
        overdue=overdue,
        fees_owed=fees_owed,
        blocks_overdue=blocks_overdue,
        fee_limit=fee_limit,
    )


def holding(**facts):
    allowed = {
        "reader_reasons": [],
        "of_other_record": False,
        "pickup_active": True,
        "has_it_on_loan": False,
        "already_holds": False,
        "has_loanable_copy": True,
        "terms": TERMS,
        "active_holds": 0,
    }
    return rules.hold_refusal(**{**allowed, **facts})


def renewing(**facts):
    allowed = {
        "is_overdue": False,
        "renews_overdue": False,
        "borrowing_refusal": None,
        "others_waiting": False,
        "renewals": 0,
        "max_renewals": 1,
        "moves_due_date": True,
    }
    return rules.renewal_refusal(**{**allowed, **facts})


def test_an_active_reader_with_a_valid_card_may_borrow():
    assert borrowing() == []


def test_a_card_expiring_today_still_works():
    assert borrowing(replace(ACTIVE, expires_on=TODAY)) == []


def test_a_card_that_expired_yesterday_is_refused():
    assert borrowing(replace(ACTIVE, expires_on=date(2016, 2, 29))) == [Reason.PATRON_EXPIRED]


def test_every_obstacle_of_the_reader_is_given_in_order():
    everything = rules.ReaderState(
        status="closed",
        expires_on=date(2015, 1, 1),
        is_blocked=True,
        is_listed=True,
        is_suspended=True,
        owes_compensation=True,
    )
    assert rules.reader_refusals(everything, today=TODAY) == [
        Reason.PATRON_CLOSED,
        Reason.PATRON_EXPIRED,
        Reason.PATRON_BLOCKED,
        Reason.PATRON_ON_OVERDUE_LIST,
        Reason.PATRON_SUSPENDED,
        Reason.PATRON_OWES_COMPENSATION,
    ]


@given(st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_the_reader_reasons_come_in_the_order_of_reader_reasons(blocked, listed, suspended, owes):
    reader = replace(ACTIVE, is_blocked=blocked, is_listed=listed, is_suspended=suspended, owes_compensation=owes)
    found = rules.reader_refusals(reader, today=TODAY)
    assert found == [reason for reason in rules.READER_REASONS if reason in found]
    assert len(found) == blocked + listed + suspended + owes


def test_an_overdue_loan_stops_borrowing_where_the_policy_says_so():
    assert borrowing(overdue=1) == [Reason.PATRON_HAS_OVERDUE]


def test_an_overdue_loan_does_not_stop_borrowing_where_the_policy_allows_it():
    assert borrowing(overdue=1, blocks_overdue=False) == []


def test_fees_stop_borrowing_once_they_reach_the_limit():
    assert borrowing(fees_owed=Decimal("5.00"), fee_limit=Decimal("5.00")) == [Reason.PATRON_OWES_FEES]


def test_fees_below_the_limit_do_not_stop_borrowing():
    assert borrowing(fees_owed=Decimal("4.99"), fee_limit=Decimal("5.00")) == []


def test_fees_do_not_count_where_the_library_charges_none():
    assert borrowing(fees_owed=Decimal("50.00"), fee_limit=None) == []


def test_the_readers_own_state_comes_before_overdue_loans_and_fees():
    blocked = replace(ACTIVE, is_blocked=True)
    assert borrowing(blocked, overdue=2, fees_owed=Decimal("9"), fee_limit=Decimal("1")) == [
        Reason.PATRON_BLOCKED,
        Reason.PATRON_HAS_OVERDUE,
        Reason.PATRON_OWES_FEES,
    ]


def test_the_total_limit_is_reported_before_the_limit_of_the_type():
    terms = replace(TERMS, max_loans=3, max_loans_of_type=1)
    assert rules.limit_refusal(terms, open_loans=3, open_of_type=1) == Reason.LOAN_LIMIT


def test_the_limit_of_the_type_refuses_below_the_total():
    terms = replace(TERMS, max_loans=3, max_loans_of_type=1)
    assert rules.limit_refusal(terms, open_loans=1, open_of_type=1) == Reason.TYPE_LIMIT


def test_a_rule_with_no_loan_period_makes_the_type_not_for_loan():
    assert rules.limit_refusal(replace(TERMS, loan_days=0), open_loans=0, open_of_type=0) == Reason.ITEM_NOT_LOANABLE


def test_an_item_on_loan_to_the_same_reader_is_told_apart():
    refusals = [
        rules.item_refusal("on_loan", is_loanable=True, on_loan_to_reader=mine, set_aside_for_reader=False)
        for mine in (True, False)
    ]
    assert refusals == [Reason.ITEM_ON_LOAN_TO_PATRON, Reason.ITEM_ON_LOAN]


def test_an_item_on_the_hold_shelf_goes_only_to_the_reader_it_is_set_aside_for():
    refusals = [
        rules.item_refusal("on_hold_shelf", is_loanable=True, on_loan_to_reader=False, set_aside_for_reader=mine)
        for mine in (True, False)
    ]
    assert refusals == [None, Reason.ITEM_HELD_FOR_ANOTHER]


def test_an_item_type_not_for_loan_is_refused_on_the_shelf():
    refusal = rules.item_refusal("on_shelf", is_loanable=False, on_loan_to_reader=False, set_aside_for_reader=False)
    assert refusal == Reason.ITEM_NOT_LOANABLE


def test_an_item_in_processing_is_not_available():
    refusal = rules.item_refusal("in_processing", is_loanable=True, on_loan_to_reader=False, set_aside_for_reader=False)
    assert refusal == Reason.ITEM_NOT_AVAILABLE


def test_an_overdue_loan_is_not_renewed_before_anything_else_is_asked():
    assert renewing(is_overdue=True, borrowing_refusal=Reason.PATRON_BLOCKED) == Reason.RENEWAL_OVERDUE


def test_an_overdue_loan_is_renewed_where_the_policy_says_so():
    assert renewing(is_overdue=True, renews_overdue=True) is None


def test_a_reader_who_may_not_borrow_may_not_renew():
    assert renewing(borrowing_refusal=Reason.PATRON_SUSPENDED) == Reason.PATRON_SUSPENDED


def test_a_renewal_is_refused_when_another_reader_waits_before_the_renewal_limit_is_asked():
    assert renewing(others_waiting=True, renewals=5) == Reason.RENEWAL_ON_HOLD


def test_a_renewal_that_would_not_move_the_due_date_is_refused():
    assert renewing(moves_due_date=False) == Reason.RENEWAL_TOO_EARLY


def test_the_loan_limit_does_not_stop_renewals():
    assert rules.may_renew([Reason.LOAN_LIMIT], overdue=0, renews_overdue=False) is True


def test_a_single_overdue_loan_may_still_be_renewed_where_overdue_loans_may_be_renewed():
    assert rules.may_renew([Reason.PATRON_HAS_OVERDUE], overdue=1, renews_overdue=True) is True


def test_two_overdue_loans_stop_each_others_renewal():
    assert rules.may_renew([Reason.PATRON_HAS_OVERDUE], overdue=2, renews_overdue=True) is False


def test_a_hold_on_a_copy_of_another_title_is_refused_first():
    assert holding(of_other_record=True, reader_reasons=[Reason.PATRON_BLOCKED]) == Reason.HOLD_ITEM_OF_OTHER_RECORD


def test_a_reader_who_may_not_borrow_may_not_hold():
    assert holding(reader_reasons=[Reason.PATRON_EXPIRED, Reason.PATRON_BLOCKED]) == Reason.PATRON_EXPIRED


def test_holds_are_not_allowed_by_a_rule_with_no_holds():
    assert holding(terms=replace(TERMS, max_holds=0)) == Reason.HOLDS_NOT_ALLOWED


def test_the_hold_limit_counts_active_holds():
    assert [holding(active_holds=n) for n in (TERMS.max_holds - 1, TERMS.max_holds)] == [None, Reason.HOLD_LIMIT]


def test_a_transfer_to_the_branch_the_item_is_at_is_refused():
    assert rules.transfer_refusal("on_shelf", current_branch_id=1, to_branch_id=1) == Reason.SAME_BRANCH


def test_a_batch_takes_only_items_at_the_branch_it_leaves_from():
    refusal = rules.transfer_refusal("on_shelf", current_branch_id=2, to_branch_id=3, from_branch_id=1)
    assert refusal == Reason.WRONG_BRANCH


def test_an_item_on_loan_is_not_transferred():
    assert rules.transfer_refusal("on_loan", current_branch_id=1, to_branch_id=2) == Reason.ITEM_ON_LOAN
