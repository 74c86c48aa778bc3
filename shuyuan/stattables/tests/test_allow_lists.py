"""A table is made only of names from the figures' allow-lists: every parameter of the request is
checked, and whatever else arrives (SQL, another figure's dimension, an unknown period) is refused
with a Chinese reason before anything is counted."""

from datetime import date

import pytest

from shuyuan.stats.figures import StatsRefusal
from shuyuan.stattables import spec as specs
from shuyuan.stattables.errors import Reason, TableRefused

TODAY = date(2016, 7, 7)
GOOD = {"measure": "loans", "by": ["branch"], "period": "custom", "first": "2016-01-01", "last": "2016-06-30"}


def refusal(**changes):
    with pytest.raises((TableRefused, StatsRefusal)) as caught:
        specs.parse({**GOOD, **changes}, today=TODAY)
    return caught.value


def test_a_table_of_allowed_names_is_accepted():
    spec = specs.parse(GOOD, today=TODAY)
    assert (spec.measure, spec.dimensions, spec.first, spec.last) == (
        "loans",
        ("branch",),
        date(2016, 1, 1),
        date(2016, 6, 30),
    )


def test_an_unknown_figure_is_refused():
    assert refusal(measure="loans FROM circulation_circulationevent").reason == Reason.UNKNOWN_MEASURE


def test_a_dimension_the_figure_does_not_allow_is_refused():
    assert refusal(measure="valid_cards", by=["hour"]).reason == Reason.UNKNOWN_DIMENSION


def test_a_dimension_written_as_sql_is_refused():
    assert refusal(by=["branch_id) FROM auth_user --"]).reason == Reason.UNKNOWN_DIMENSION


def test_more_than_two_breakdowns_are_refused():
    assert refusal(by=["branch", "channel", "hour"]).reason == Reason.TOO_MANY_DIMENSIONS


def test_the_same_breakdown_twice_is_refused():
    assert refusal(by=["hour", "hour"]).reason == Reason.REPEATED_DIMENSION


def test_a_filter_on_a_dimension_the_figure_does_not_allow_is_refused():
    assert refusal(filter=["activity_kind=lecture"]).reason == Reason.UNKNOWN_FILTER


def test_the_branch_cannot_be_chosen_through_a_filter():
    assert refusal(filter=["branch=1"]).reason == Reason.UNKNOWN_FILTER


def test_a_filter_value_with_quotes_and_spaces_is_refused():
    assert refusal(filter=["clc_class=I' OR '1'='1"]).reason == Reason.BAD_FILTER_VALUE


def test_an_unknown_period_is_refused():
    assert refusal(period="all_time; DELETE").reason == Reason.UNKNOWN_PERIOD


def test_a_date_that_is_not_a_date_is_refused_with_the_expected_form():
    found = refusal(first="2016-02-30")
    assert (found.reason, "2016-06-30" in found.message) == (Reason.BAD_DATE, True)


def test_a_period_ending_before_it_starts_is_refused():
    found = refusal(first="2016-06-30", last="2016-01-01")
    assert (type(found), found.reason.value) == (StatsRefusal, "period_reversed")


def test_a_future_period_is_refused():
    found = refusal(first="2016-08-01", last="2016-08-31")
    assert (type(found), found.reason.value) == (StatsRefusal, "future_period")


def test_a_named_period_means_the_days_it_says():
    period = specs.period_for("last_month", None, None, today=TODAY)
    assert (period.first, period.last) == (date(2016, 6, 1), date(2016, 6, 30))
