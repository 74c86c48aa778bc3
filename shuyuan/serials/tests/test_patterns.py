"""A year of each frequency against lists written out by hand."""

from datetime import date

import pytest

from shuyuan.serials.patterns import InvalidPattern, Pattern, next_year, parse_combined, parse_numbers, predict


def dates_and_labels(pattern: Pattern) -> list[tuple[str, str]]:
    return [(p.expected_on.isoformat(), p.label) for p in predict(pattern)]


def test_a_monthly_gives_twelve_issues_numbered_in_the_year_and_cumulatively():
    pattern = Pattern("monthly", date(2016, 1, 10), first_whole_number=121)
    assert dates_and_labels(pattern) == [
        ("2016-01-10", "2016年第1期 (总第121期)"),
        ("2016-02-10", "2016年第2期 (总第122期)"),
        ("2016-03-10", "2016年第3期 (总第123期)"),
        ("2016-04-10", "2016年第4期 (总第124期)"),
        ("2016-05-10", "2016年第5期 (总第125期)"),
        ("2016-06-10", "2016年第6期 (总第126期)"),
        ("2016-07-10", "2016年第7期 (总第127期)"),
        ("2016-08-10", "2016年第8期 (总第128期)"),
        ("2016-09-10", "2016年第9期 (总第129期)"),
        ("2016-10-10", "2016年第10期 (总第130期)"),
        ("2016-11-10", "2016年第11期 (总第131期)"),
        ("2016-12-10", "2016年第12期 (总第132期)"),
    ]


def test_a_spring_festival_combined_issue_arrives_once_and_carries_two_numbers():
    pattern = Pattern("monthly", date(2016, 1, 10), first_whole_number=121, combined=((1, 2),))
    assert dates_and_labels(pattern)[:3] == [
        ("2016-01-10", "2016年第1-2期 (总第121-122期)"),
        ("2016-03-10", "2016年第3期 (总第123期)"),
        ("2016-04-10", "2016年第4期 (总第124期)"),
    ]
    assert len(predict(pattern)) == 11
    assert predict(pattern)[0].is_combined


def test_a_school_magazine_skips_the_summer_holidays_and_numbers_on():
    pattern = Pattern("monthly", date(2016, 1, 5), skipped_months=(7, 8))
    assert dates_and_labels(pattern) == [
        ("2016-01-05", "2016年第1期"),
        ("2016-02-05", "2016年第2期"),
        ("2016-03-05", "2016年第3期"),
        ("2016-04-05", "2016年第4期"),
        ("2016-05-05", "2016年第5期"),
        ("2016-06-05", "2016年第6期"),
        ("2016-09-05", "2016年第7期"),
        ("2016-10-05", "2016年第8期"),
        ("2016-11-05", "2016年第9期"),
        ("2016-12-05", "2016年第10期"),
    ]


def test_a_semimonthly_comes_twice_a_month_with_volume_and_issue():
    pattern = Pattern("semimonthly", date(2016, 1, 1), numbering="volume_issue", volume=35)
    issues = dates_and_labels(pattern)
    assert len(issues) == 24
    assert issues[:4] == [
        ("2016-01-01", "第35卷第1期"),
        ("2016-01-16", "第35卷第2期"),
        ("2016-02-01", "第35卷第3期"),
        ("2016-02-16", "第35卷第4期"),
    ]
    assert issues[-1] == ("2016-12-16", "第35卷第24期")


def test_a_bimonthly_starting_in_february_comes_in_even_months():
    pattern = Pattern("bimonthly", date(2016, 2, 15))
    assert dates_and_labels(pattern) == [
        ("2016-02-15", "2016年第1期"),
        ("2016-04-15", "2016年第2期"),
        ("2016-06-15", "2016年第3期"),
        ("2016-08-15", "2016年第4期"),
        ("2016-10-15", "2016年第5期"),
        ("2016-12-15", "2016年第6期"),
    ]


def test_a_quarterly_comes_four_times():
    pattern = Pattern("quarterly", date(2016, 3, 20), first_whole_number=80)
    assert dates_and_labels(pattern) == [
        ("2016-03-20", "2016年第1期 (总第80期)"),
        ("2016-06-20", "2016年第2期 (总第81期)"),
        ("2016-09-20", "2016年第3期 (总第82期)"),
        ("2016-12-20", "2016年第4期 (总第83期)"),
    ]


def test_a_weekly_from_the_first_wednesday_gives_fifty_two_issues():
    issues = dates_and_labels(Pattern("weekly", date(2016, 1, 6)))
    assert len(issues) == 52
    assert issues[:3] == [("2016-01-06", "2016年第1期"), ("2016-01-13", "2016年第2期"), ("2016-01-20", "2016年第3期")]
    assert issues[-1] == ("2016-12-28", "2016年第52期")


def test_a_daily_newspaper_without_sunday_editions_is_numbered_by_date():
    pattern = Pattern("daily", date(2016, 1, 1), numbering="date", first_whole_number=24000, skipped_weekdays=(7,))
    issues = dates_and_labels(pattern)
    # 2016 has 366 days, 52 of them Sundays.
    assert len(issues) == 314
    assert issues[:3] == [
        ("2016-01-01", "2016年1月1日 (总第24000期)"),
        ("2016-01-02", "2016年1月2日 (总第24001期)"),
        ("2016-01-04", "2016年1月4日 (总第24002期)"),
    ]
    assert issues[-1] == ("2016-12-31", "2016年12月31日 (总第24313期)")


def test_an_irregular_title_comes_on_its_listed_dates_in_order():
    pattern = Pattern(
        "irregular", date(2016, 3, 1), irregular_dates=(date(2016, 9, 1), date(2016, 3, 1), date(2016, 6, 1))
    )
    assert dates_and_labels(pattern) == [
        ("2016-03-01", "2016年第1期"),
        ("2016-06-01", "2016年第2期"),
        ("2016-09-01", "2016年第3期"),
    ]


def test_the_next_year_continues_the_cumulative_number_and_the_cycle():
    renewed = next_year(Pattern("bimonthly", date(2016, 2, 15), first_whole_number=200, combined=((1, 2),)))
    assert renewed.first_issue_on == date(2017, 2, 15)
    assert renewed.first_whole_number == 206
    assert predict(renewed)[0].label == "2017年第1-2期 (总第206-207期)"


def test_the_next_year_of_a_weekly_keeps_its_weekday():
    renewed = next_year(Pattern("weekly", date(2016, 1, 6), volume=12, numbering="volume_issue"))
    assert renewed.first_issue_on == date(2017, 1, 4)
    assert renewed.volume == 13


def test_overlapping_combined_issues_are_refused():
    with pytest.raises(InvalidPattern):
        predict(Pattern("monthly", date(2016, 1, 1), combined=((1, 2), (2, 3))))


def test_a_combined_issue_beyond_the_year_is_refused():
    with pytest.raises(InvalidPattern):
        predict(Pattern("quarterly", date(2016, 1, 1), combined=((4, 5),)))


def test_numbers_and_ranges_are_read_with_chinese_punctuation():
    assert parse_numbers("7-8，12") == (7, 8, 12)
    assert parse_combined("1+2、7-8") == ((1, 2), (7, 8))
