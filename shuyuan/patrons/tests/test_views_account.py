"""The staff reader page shows circulation's answer: the reader's standing and account."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shuyuan.circulation import queries
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import make_staff
from shuyuan.testing.circulation import OBSTACLES, make_desk, make_obstacle
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def page_of(patron: Patron) -> str:
    client = Client()
    client.force_login(make_staff("circulation", all_branches=True))
    return client.get(reverse("patrons:detail", args=[patron.pk])).content.decode()


def reader_with(kind: str | None) -> Patron:
    """A reader registered a month ago (the page reads the real clock), with the obstacle ``kind``."""
    desk = make_desk()
    now = timezone.now()
    reader = make_patron("张晓明", branch=desk.branch, service_point=desk, at=now - timedelta(days=30))
    return make_obstacle(kind, reader, desk, at=now) if kind else reader


def account_of(reader: Patron) -> queries.Account:
    return queries.account(reader, at=timezone.now())


@pytest.mark.parametrize("kind", sorted(OBSTACLES))
def test_the_reader_page_shows_every_reason_the_standing_gives(kind: str) -> None:
    reader = reader_with(kind)
    standing = queries.standing(reader, at=timezone.now(), branch=reader.home_branch)
    page = page_of(reader)
    assert [message for message in standing.messages if message in page] == list(standing.messages)


def test_the_reader_page_of_a_reader_in_good_standing_shows_no_reason() -> None:
    assert 'class="error standing"' not in page_of(reader_with(None))


def test_the_reader_page_shows_an_overdue_loan_in_red() -> None:
    reader = reader_with("overdue")
    loan = account_of(reader).loans[0]
    assert re.search(rf'<tr class="overdue error"><td>{loan.barcode}</td>', page_of(reader))


def test_the_reader_page_lists_every_open_loan() -> None:
    reader = reader_with("loan_limit")
    page = page_of(reader)
    assert all(loan.barcode in page for loan in account_of(reader).loans)


def test_the_reader_page_shows_a_running_suspension() -> None:
    reader = reader_with("suspended")
    suspension = account_of(reader).suspensions[0]
    assert f"{suspension.last_day:%Y-%m-%d}" in page_of(reader)


def test_the_reader_page_shows_the_compensation_owed() -> None:
    assert "<td>28.50</td>" in page_of(reader_with("owes_compensation"))


def test_the_reader_page_shows_open_fees() -> None:
    reader = reader_with("owes_fees")
    assert f"<td>{account_of(reader).fees[0].amount}</td>" in page_of(reader)
