from datetime import date

import pytest
from django.test import Client

from shuyuan.circulation.models import CirculationEvent
from shuyuan.roles import Role
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_service_point, make_staff

pytestmark = pytest.mark.django_db
Kind = CirculationEvent.Kind


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_overview_links_each_figure_to_the_rows_it_counts():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=point)
    page = client_for(make_staff(Role.STATISTICS, all_branches=True)).get("/stats/?first=2016-03-01&last=2016-03-31")
    assert page.status_code == 200
    assert "/stats/figures/loans/rows/?first=2016-03-01&amp;last=2016-03-31" in page.content.decode()


def test_a_branch_account_sees_its_own_branch_whatever_the_request_asks():
    ours, theirs = make_service_point(), make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=theirs)
    client = client_for(make_staff(Role.STATISTICS, ours.branch))
    assert (
        client.get(f"/stats/figures/loans/rows/?first=2016-03-01&last=2016-03-31&branch={theirs.branch_id}").status_code
        == 403
    )
    page = client.get("/stats/figures/loans/rows/?first=2016-03-01&last=2016-03-31")
    assert page.context["total"] == 0 and page.context["branch"] == ours.branch


def test_the_row_list_shows_the_rows_a_figure_counts():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 5, 9), point=point)
    make_event(Kind.CHECKOUT, local(2016, 3, 5, 15), point=point)
    client = client_for(make_staff(Role.STATISTICS, all_branches=True))
    page = client.get("/stats/figures/loans/rows/?first=2016-03-01&last=2016-03-31&f_hour=9")
    assert page.context["total"] == 1 and len(page.context["lines"]) == 1
    assert page.context["lines"][0]["when"] == "2016-03-05 09:00"


def test_a_reversed_period_gets_a_chinese_message():
    client = client_for(make_staff(Role.STATISTICS, all_branches=True))
    page = client.get("/stats/figures/loans/?first=2016-03-31&last=2016-03-01")
    assert page.status_code == 400 and "之前" in page.content.decode()


def test_a_dimension_outside_the_allow_list_is_refused_on_the_page():
    client = client_for(make_staff(Role.STATISTICS, all_branches=True))
    page = client.get("/stats/figures/loans/?first=2016-03-01&last=2016-03-31&by=password")
    assert page.status_code == 400


def test_the_stock_page_shows_the_ledger():
    client = client_for(make_staff(Role.STATISTICS, all_branches=True))
    page = client.get(f"/stats/stock/?on={date(2016, 3, 31)}&first=2016-03-01&by=clc_class")
    assert page.status_code == 200 and "ledger" in page.context


def test_a_statistics_reader_may_not_enter_figures():
    client = client_for(make_staff(Role.STATISTICS, all_branches=True))
    response = client.post(
        "/stats/manual/", {"name": "area", "first": "2015-01-01", "last": "2015-12-31", "value": "1", "source": "x"}
    )
    assert response.status_code == 403
