"""The book drop's date: the last moment the library was open before the drop was emptied."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from shuyuan.branches.rules import BranchCalendar, last_open_moment

TZ = ZoneInfo("Asia/Shanghai")
NINE_TO_FIVE = {weekday: [(time(9), time(17))] for weekday in range(7)}
# 2016-03-04 is a Friday; the branch closes for the weekend after it.
WEEKEND_CLOSED = BranchCalendar(closures=frozenset({date(2016, 3, 5), date(2016, 3, 6)}))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2016, 3, day, hour, minute, tzinfo=TZ)


def test_a_drop_emptied_during_opening_hours_is_dated_then():
    assert last_open_moment(at(7, 11), WEEKEND_CLOSED, NINE_TO_FIVE) == at(7, 11)


def test_a_drop_emptied_before_opening_on_monday_is_dated_to_fridays_closing():
    assert last_open_moment(at(7, 8), WEEKEND_CLOSED, NINE_TO_FIVE) == at(4, 17)


def test_a_drop_emptied_in_the_evening_is_dated_to_that_days_closing():
    assert last_open_moment(at(4, 20), WEEKEND_CLOSED, NINE_TO_FIVE) == at(4, 17)


def test_a_lunch_break_dates_to_the_mornings_closing():
    hours = {weekday: [(time(9), time(12)), (time(14), time(17))] for weekday in range(7)}
    assert last_open_moment(at(7, 13), WEEKEND_CLOSED, hours) == at(7, 12)


def test_a_service_point_without_opening_hours_counts_an_open_day_as_open_all_day():
    assert last_open_moment(at(7, 8), WEEKEND_CLOSED, {}) == at(7, 8)
    assert last_open_moment(at(6, 10), WEEKEND_CLOSED, {}) == datetime.combine(date(2016, 3, 4), time.max, TZ)
