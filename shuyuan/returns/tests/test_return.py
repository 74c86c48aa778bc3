"""The national return in its layout, the hand-entered figures with their source, the Excel export,
and the assessment indicators with their formulas."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from shuyuan.branches.models import OpeningHours, ServicePoint
from shuyuan.circulation.models import CirculationEvent
from shuyuan.returns import compute
from shuyuan.returns.lines import LINES
from shuyuan.roles import Role
from shuyuan.stats import services as stats_services
from shuyuan.stats.figures import Period
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_branch, make_service_point, make_staff

pytestmark = pytest.mark.django_db
YEAR = Period(date(2016, 1, 1), date(2016, 12, 31))
CHECKOUT = CirculationEvent.Kind.CHECKOUT


@pytest.fixture
def desk() -> ServicePoint:
    branch = make_branch("LL01", name="总馆", kind="central", seats=120)
    return make_service_point(branch, code="LL01-DESK", name="外借处", kind=ServicePoint.Kind.LENDING_DESK)


def by_code(figures: list[compute.Figure]) -> dict[str, compute.Figure]:
    return {f.line.code: f for f in figures}


def test_the_return_lists_every_line_of_the_table_in_its_order(desk):
    assert [f.line.code for f in compute.year_return(YEAR)] == [line.code for line in LINES]


def test_loans_and_lending_visits_count_the_checkouts_and_the_readers_per_day(desk):
    for at, reader in (
        (local(2016, 3, 1, 9), "a"),
        (local(2016, 3, 1, 15), "a"),
        (local(2016, 3, 2), "a"),
        (local(2016, 3, 2), "b"),
    ):
        make_event(CHECKOUT, at, point=desk, reader_token=reader)
    make_event(CHECKOUT, local(2015, 12, 31), point=desk, reader_token="c")
    figures = by_code(compute.year_return(YEAR))
    plain_loans = CirculationEvent.objects.filter(kind=CHECKOUT, at__year=2016).count()
    assert (figures["20"].value, figures["19"].value) == (plain_loans, 3)


def test_a_figure_the_system_cannot_know_shows_the_hand_entered_value_and_its_source(desk):
    stats_services.enter_figure(
        "area",
        date(2016, 1, 1),
        date(2016, 12, 31),
        Decimal("3200"),
        source="房产证 醴房字第123号",
        at=local(2017, 1, 5),
        by=None,
    )
    figures = by_code(compute.year_return(YEAR))
    assert (figures["29"].value, figures["29"].source) == (Decimal("3200"), "房产证 醴房字第123号")
    assert figures["30"].value is None


def test_the_seats_come_from_the_branches(desk):
    assert by_code(compute.year_return(YEAR))["31"].value == 120


def test_the_excel_export_keeps_the_return_s_layout(desk):
    client = Client()
    client.force_login(make_staff(Role.STATISTICS, desk.branch, all_branches=True))
    answer = client.get(reverse("returns:export"), {"year": 2016})
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    codes = [sheet.cell(row=r, column=2).value for r in range(3, 3 + len(LINES))]
    assert codes == [line.code for line in LINES]
    assert sheet.cell(row=2, column=3).value == "指标" and "统计年报" in sheet.cell(row=1, column=1).value


def test_the_weekly_opening_hours_come_from_the_calendar(desk):
    reading = make_service_point(
        desk.branch, code="LL01-READ", name="阅览室", kind=ServicePoint.Kind.GENERAL_READING_ROOM
    )
    for weekday in range(7):
        OpeningHours.objects.create(service_point=desk, weekday=weekday, opens_at=time(8, 30), closes_at=time(17, 30))
    for weekday in range(5):
        OpeningHours.objects.create(service_point=reading, weekday=weekday, opens_at=time(9), closes_at=time(21))
    # Monday to Friday 08:30-21:00 (12.5 h), Saturday and Sunday 08:30-17:30 (9 h)
    assert compute.weekly_opening_hours() == Decimal("80.5")


def test_visits_per_reader_shows_its_formula_with_the_year_s_numbers(desk):
    make_event(CHECKOUT, local(2016, 3, 1), point=desk, reader_token="a")
    [indicator] = [i for i in compute.indicators(YEAR) if i.key == "visits_per_reader"]
    assert indicator.definition and "÷" in indicator.formula and indicator.formula.endswith(str(indicator.value))


def test_an_indicator_needing_the_population_waits_for_it_to_be_entered(desk):
    [indicator] = [i for i in compute.indicators(YEAR) if i.key == "loans_per_person"]
    assert indicator.value is None


def test_a_future_year_is_refused_on_the_page(desk):
    client = Client()
    client.force_login(make_staff(Role.STATISTICS, desk.branch, all_branches=True))
    page = client.get(reverse("returns:return"), {"year": 2999})
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()


def test_a_branch_account_sees_only_its_own_branch(desk):
    other = make_branch("LL02", name="分馆")
    point = make_service_point(other, code="LL02-DESK", name="分馆借阅处", kind=ServicePoint.Kind.LENDING_DESK)
    make_event(CHECKOUT, local(2016, 3, 1), point=desk)
    make_event(CHECKOUT, local(2016, 3, 1), point=point)
    make_event(CHECKOUT, local(2016, 3, 2), point=point)
    client = Client()
    client.force_login(make_staff(Role.STATISTICS, other))
    page = client.get(reverse("returns:return"), {"year": 2016, "branch": "LL01"})
    loans = {row.line.code: row.value for row in page.context["rows"]}["20"]
    assert page.context["branch"] == other and loans == 2


def test_every_line_entered_by_hand_can_be_entered_with_its_source(desk):
    from shuyuan.stats.manual import MANUAL_FIGURES

    by_hand = {line.name for line in LINES if line.source == "manual"}
    assert by_hand and by_hand <= set(MANUAL_FIGURES) and "population" in MANUAL_FIGURES
