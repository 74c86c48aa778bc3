from datetime import date

import pytest

from shuyuan.branches import services
from shuyuan.branches.holidays import ScheduleError, parse_schedule
from shuyuan.branches.models import PublicHoliday
from shuyuan.branches.queries import next_open_day
from shuyuan.testing.branches import NOW, make_branch

GOOD = """date,kind,name
2016-02-06,workday,春节调休
2016-02-07,holiday,春节
2016-02-08,放假,春节
"""


def test_a_schedule_is_parsed_with_chinese_or_english_kinds():
    days = parse_schedule(GOOD)
    assert [(d.date, d.kind) for d in days] == [
        (date(2016, 2, 6), "workday"),
        (date(2016, 2, 7), "holiday"),
        (date(2016, 2, 8), "holiday"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("date,kind,name\n2016-02-30,holiday,春节\n", 2, "2016-02-30"),
        ("2016-02-07,holiday,春节\n2016-02-08,vacation,春节\n", 2, "vacation"),
        ("2016-02-07,holiday\n", 1, "三列"),
        ("2016-02-07,holiday,春节\n2016-02-07,holiday,春节\n", 2, "两次"),
        ("2016-02-07,holiday,\n", 1, "名称"),
    ],
)
def test_a_malformed_schedule_is_refused_with_the_line_and_the_reason(text, line, words):
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert f"第 {line} 行" in str(caught.value)


def test_an_empty_schedule_is_refused():
    with pytest.raises(ScheduleError):
        parse_schedule("date,kind,name\n# nothing yet\n")


@pytest.mark.django_db
def test_importing_a_year_replaces_that_years_schedule_only():
    PublicHoliday.objects.create(date=date(2015, 10, 1), kind="holiday", name="国庆节")
    PublicHoliday.objects.create(date=date(2016, 5, 1), kind="holiday", name="劳动节")
    services.import_holiday_schedule(parse_schedule(GOOD), at=NOW, by=None)
    assert sorted(PublicHoliday.objects.values_list("date", flat=True)) == [
        date(2015, 10, 1),
        date(2016, 2, 6),
        date(2016, 2, 7),
        date(2016, 2, 8),
    ]


@pytest.mark.django_db
def test_the_next_open_day_of_a_branch_reads_holidays_and_closures_from_the_database():
    branch = make_branch(opens_on_public_holidays=False, closed_weekdays="0")
    services.import_holiday_schedule(parse_schedule(GOOD), at=NOW, by=None)
    services.close_branch(branch, date(2016, 2, 9), date(2016, 2, 9), reason="停电", kind="unplanned", at=NOW, by=None)
    assert next_open_day(branch, date(2016, 2, 7)) == date(2016, 2, 10)
