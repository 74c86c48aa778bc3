"""The comparison with the same days a year before: the system's rows, or the figure entered by hand
for a time before the system; a period across the new year compares the same days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from shuyuan.circulation.models import CirculationEvent
from shuyuan.stats import services as stats_services
from shuyuan.stats.figures import Period
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.workreport import content, documents
from shuyuan.workreport.tests.conftest import CHECKOUT
from shuyuan.workreport.tests.readback import docx_tables

pytestmark = pytest.mark.django_db


def plain_count(first: date, last: date) -> int:
    return CirculationEvent.objects.filter(
        kind=CHECKOUT,
        at__gte=local(first.year, first.month, first.day, 0),
        at__lt=local(last.year, last.month, last.day, 0) + timedelta(days=1),
    ).count()


def test_a_period_across_the_new_year_compares_with_the_same_days_a_year_before(desk):
    for at in (local(2016, 12, 25), local(2017, 1, 5)):
        make_event(CHECKOUT, at, point=desk)
    for at in (local(2015, 12, 22), local(2015, 12, 23), local(2016, 1, 9), local(2015, 12, 19), local(2016, 1, 11)):
        make_event(CHECKOUT, at, point=desk)
    report = content.build(Period(date(2016, 12, 20), date(2017, 1, 10)))
    loans = report.figure("loans")
    assert (loans.value, loans.before) == (
        plain_count(date(2016, 12, 20), date(2017, 1, 10)),
        plain_count(date(2015, 12, 20), date(2016, 1, 10)),
    )
    assert [(label, before) for label, _value, before in report.circulation_by_month] == [("12月", 2), ("1月", 1)]


def test_the_system_s_rows_of_last_year_are_compared(first_half):
    report = content.build(first_half)
    assert (report.figure("loans").value, report.figure("loans").before) == (3, 2)
    assert report.figure("loans").change == "增长50.0%"


def test_a_year_before_the_system_is_compared_with_the_figure_entered_by_hand(desk):
    make_event(CHECKOUT, local(2016, 3, 5), point=desk)
    stats_services.enter_figure(
        "new_readers",
        date(2015, 1, 1),
        date(2015, 6, 30),
        Decimal(180),
        source="2015年上半年办证登记簿",
        at=local(2016, 7, 1),
        by=None,
    )
    files = documents.make(Period(date(2016, 1, 1), date(2016, 6, 30)))
    rows = [row for table in docx_tables(files.docx) for row in table if row and row[-1] == "2015年上半年办证登记簿"]
    assert len(rows) == 1 and rows[0][3] == "180"


def test_nothing_is_compared_when_last_year_has_neither_rows_nor_a_figure_entered_by_hand(desk):
    make_event(CHECKOUT, local(2016, 3, 5), point=desk)
    report = content.build(Period(date(2016, 1, 1), date(2016, 6, 30)))
    assert report.figure("loans").before is None and report.figure("loans").change == ""
