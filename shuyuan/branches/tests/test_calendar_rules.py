from datetime import date

import pytest

from shuyuan.branches.rules import BranchCalendar, NoOpenDay, days_between, parse_weekdays

# 2016: Spring Festival 02-07..02-13 off, make-up working days Sat 02-06 and Sun 02-14.
SPRING_FESTIVAL = days_between(date(2016, 2, 7), date(2016, 2, 13))
MAKEUP = frozenset({date(2016, 2, 6), date(2016, 2, 14)})


def test_an_ordinary_open_day_is_its_own_next_open_day():
    assert BranchCalendar().next_open_day(date(2016, 3, 1)) == date(2016, 3, 1)


def test_a_weekly_closing_day_moves_to_the_day_after():
    closed_mondays = BranchCalendar(closed_weekdays=frozenset({0}))
    assert closed_mondays.next_open_day(date(2016, 3, 7)) == date(2016, 3, 8)


def test_a_library_that_opens_on_holidays_stays_open_during_the_spring_festival():
    calendar = BranchCalendar(holidays=SPRING_FESTIVAL, opens_on_public_holidays=True)
    assert calendar.next_open_day(date(2016, 2, 8)) == date(2016, 2, 8)


def test_a_library_that_closes_on_holidays_reopens_after_the_whole_run():
    calendar = BranchCalendar(holidays=SPRING_FESTIVAL, opens_on_public_holidays=False)
    assert calendar.next_open_day(date(2016, 2, 7)) == date(2016, 2, 14)


def test_a_make_up_working_day_opens_a_branch_that_rests_at_weekends():
    calendar = BranchCalendar(closed_weekdays=frozenset({5, 6}), makeup_workdays=MAKEUP)
    assert calendar.is_open(date(2016, 2, 6))
    assert calendar.is_open(date(2016, 2, 14))
    assert not calendar.is_open(date(2016, 2, 20))


def test_holidays_and_a_weekly_closing_day_and_a_closure_add_up_to_one_run():
    calendar = BranchCalendar(
        closed_weekdays=frozenset({0}),
        holidays=SPRING_FESTIVAL,
        closures=days_between(date(2016, 2, 14), date(2016, 2, 14)),
        opens_on_public_holidays=False,
    )
    # 02-07..13 holidays, 02-14 closed for inventory, 02-15 is a Monday.
    assert calendar.next_open_day(date(2016, 2, 7)) == date(2016, 2, 16)


def test_an_unplanned_closure_wins_over_a_make_up_working_day():
    calendar = BranchCalendar(makeup_workdays=MAKEUP, closures=frozenset({date(2016, 2, 6)}))
    assert calendar.next_open_day(date(2016, 2, 6)) == date(2016, 2, 7)


def test_a_calendar_that_never_opens_is_a_configuration_error():
    with pytest.raises(NoOpenDay):
        BranchCalendar(closed_weekdays=frozenset(range(7))).next_open_day(date(2016, 1, 1))


def test_open_days_lists_only_open_days():
    calendar = BranchCalendar(closed_weekdays=frozenset({0}))
    days = list(calendar.open_days(date(2016, 3, 6), date(2016, 3, 9)))
    assert days == [date(2016, 3, 6), date(2016, 3, 8), date(2016, 3, 9)]


def test_weekday_text_is_read_leniently():
    assert parse_weekdays("0, 6") == frozenset({0, 6})
    assert parse_weekdays("") == frozenset()
    assert parse_weekdays("9") == frozenset()
