"""The staff dashboard: the period's figures beside the same days a year before, with the charts' data."""

import json
from datetime import date

import pytest
from django.utils import timezone

from shuyuan.circulation.models import CirculationEvent
from shuyuan.dashboards import queries
from shuyuan.roles import Role
from shuyuan.stats.figures import Period
from shuyuan.stats.tests.factories import make_event
from shuyuan.stattables.tests.factories import lend_many, local, make_library
from shuyuan.testing.branches import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return make_library()


def card(data, name):
    return next(c for c in data["cards"] if c["name"] == name)


def test_the_dashboard_sets_each_figure_beside_the_same_days_a_year_before(library):
    lend_many(library.novel, library.central_desk, 4, local(2016, 3, 2))
    lend_many(library.novel, library.central_desk, 2, local(2015, 3, 2))
    loans = card(queries.dashboard(Period(date(2016, 3, 1), date(2016, 3, 31)), None), "loans")
    assert (loans["value"], loans["before"], loans["change"]) == (4, 2, "+100.0%")


def test_the_dashboards_charts_break_loans_down_by_channel(library):
    lend_many(library.novel, library.central_desk, 2, local(2016, 3, 2))
    make_event(
        CirculationEvent.Kind.CHECKOUT,
        local(2016, 3, 2),
        point=library.central_desk,
        item=library.novel,
        channel="kiosk",
    )
    chart = queries.dashboard(Period(date(2016, 3, 1), date(2016, 3, 31)), None)["charts"]["by_channel"]
    assert sorted(chart["values"]) == [1, 2]


def test_the_dashboard_page_carries_the_charts_for_echarts_and_a_table_beside_them(client, library):
    lend_many(library.novel, library.central_desk, 2, timezone.localtime())
    client.force_login(make_staff(Role.STATISTICS, library.central))
    page = client.get("/dashboards/").content.decode()
    charts = json.loads(page.split('id="dashboard-charts" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert (sum(charts["by_day"]["values"]), 'class="chart-table"' in page) == (2, True)


def test_a_branch_account_sees_its_branchs_dashboard(client, library):
    lend_many(library.novel, library.central_desk, 2, timezone.localtime())
    client.force_login(make_staff(Role.STATISTICS, library.davinci))
    page = client.get("/dashboards/", {"branch": library.central.code}).content.decode()
    assert ("达芬奇画室分馆" in page.split("<h1>", 1)[1].split("</h1>", 1)[0], '"values": [2]' in page) == (True, False)


def test_an_account_of_no_branch_sees_no_dashboard_rather_than_the_whole_library(client, library):
    client.force_login(make_staff(Role.STATISTICS))
    assert client.get("/dashboards/").status_code == 403
