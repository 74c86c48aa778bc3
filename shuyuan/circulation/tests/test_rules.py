"""The pure policy: rule fallback, due dates over a calendar, suspensions, fees, compensation."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuyuan.branches.rules import BranchCalendar
from shuyuan.circulation import rules


@dataclass(frozen=True)
class Cell:
    patron_category_id: int | None
    item_type_id: int | None
    branch_id: int | None


def pick(cells, category=1, item_type=2, branch=3):
    return rules.pick_rule(cells, category_id=category, item_type_id=item_type, branch_id=branch)


def test_the_exact_cell_wins_over_every_fallback():
    exact = Cell(1, 2, 3)
    assert pick([Cell(None, None, None), Cell(1, 2, None), Cell(None, 2, 3), exact]) == exact


def test_a_branch_rule_for_any_item_type_beats_a_library_wide_rule_for_the_type():
    branch_wide = Cell(None, None, 3)
    assert pick([Cell(1, 2, None), branch_wide]) == branch_wide


def test_the_item_type_weighs_more_than_the_reader_category():
    by_type = Cell(None, 2, None)
    assert pick([Cell(1, None, None), by_type]) == by_type


def test_rules_for_other_cells_do_not_apply():
    assert pick([Cell(9, 2, 3), Cell(1, 9, None), Cell(None, None, 9)]) is None


def test_a_hold_on_a_title_looks_only_at_rules_for_any_item_type():
    any_type = Cell(1, None, 3)
    assert rules.pick_rule([Cell(1, 2, 3), any_type], category_id=1, item_type_id=None, branch_id=3) == any_type


cells = st.builds(Cell, st.sampled_from([None, 1, 9]), st.sampled_from([None, 2, 9]), st.sampled_from([None, 3, 9]))


@given(st.lists(cells, max_size=12))
def test_the_chosen_rule_matches_and_no_more_specific_match_exists(candidates):
    chosen = pick(candidates)
    fitting = [c for c in candidates if rules.matches(c, 1, 2, 3)]
    assert (chosen is None) == (not fitting)
    if chosen is not None:
        assert all(rules.specificity(chosen) <= rules.specificity(c) for c in fitting)


def test_a_due_date_on_a_closed_weekday_moves_to_the_next_open_day():
    mondays_closed = BranchCalendar(closed_weekdays=frozenset({0}))
    assert rules.due_date(date(2016, 3, 1), 13, mondays_closed) == date(2016, 3, 15)


def test_a_due_date_in_a_public_holiday_moves_past_it_where_the_branch_closes_on_holidays():
    may_day = BranchCalendar(holidays=frozenset({date(2016, 5, 1), date(2016, 5, 2)}), opens_on_public_holidays=False)
    assert rules.due_date(date(2016, 4, 1), 30, may_day) == date(2016, 5, 3)


def test_a_make_up_working_day_opens_a_branch_closed_on_that_weekday():
    sundays_closed = BranchCalendar(closed_weekdays=frozenset({6}), makeup_workdays=frozenset({date(2016, 6, 12)}))
    assert rules.due_date(date(2016, 5, 13), 30, sundays_closed) == date(2016, 6, 12)


def test_returns_within_the_grace_days_are_on_time():
    assert rules.overdue_days(date(2016, 3, 1), date(2016, 3, 3), grace_days=2) == 0


def test_overdue_days_count_whole_days_after_the_due_day():
    assert rules.overdue_days(date(2016, 3, 1), date(2016, 3, 4)) == 3


def test_a_suspension_is_capped_at_the_longest_suspension():
    first, last = rules.suspension_period(400, date(2016, 3, 1), per_overdue_day=1, max_days=90, suspended_until=None)
    assert (last - first).days + 1 == 90


def test_no_suspension_when_the_policy_suspends_zero_days():
    assert rules.suspension_period(10, date(2016, 3, 1), per_overdue_day=0, max_days=90, suspended_until=None) is None


def test_the_overdue_fee_is_per_day_up_to_the_cap():
    assert [rules.overdue_fee(d, per_day=Decimal("0.1"), cap=Decimal("1")) for d in (3, 30)] == [
        Decimal("0.30"),
        Decimal("1.00"),
    ]


def test_compensation_is_the_price_times_the_factor():
    assert rules.compensation_amount(Decimal("25.50"), Decimal("2")) == Decimal("51.00")


def test_an_unpriced_item_is_compensated_by_a_copy():
    assert rules.compensation_amount(None, Decimal("2")) == Decimal("0.00")


def test_the_queue_rank_counts_the_waiting_holds_before():
    assert rules.queue_rank(7, [2, 5, 7, 9]) == 3
