"""A small public library for the OPAC's tests: one branch, a shelved title with a copy on loan,
and two readers with PINs (the second to prove the first never sees the other's rows)."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item, Record
from shuyuan.catalog.search import index_records
from shuyuan.circulation.models import Hold, Loan
from shuyuan.circulation.services import place_hold
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import empty_index, make_collection, make_item, make_record
from shuyuan.testing.circulation import lend, make_rule
from shuyuan.testing.patrons import make_patron

PIN = "802461"
OTHER_PIN = "730952"


@dataclass
class Library:
    branch: Branch
    record: Record
    item: Item
    other_record: Record
    reader: Patron
    other: Patron
    loan: Loan
    other_loan: Loan
    other_hold: Hold


def log_in(client: Client, patron: Patron, pin: str = PIN) -> Any:
    return client.post("/account/login/", {"identifier": patron.card_number, "pin": pin})


@pytest.fixture
def library(db: Any) -> Library:
    empty_index()
    now = timezone.now()
    branch = make_branch(name="总馆")
    collection = make_collection(branch, name="综合书库", shelving_location="二楼")
    make_rule(loan_days=14)
    record = make_record("红楼梦", responsibility="曹雪芹著", authors="曹雪芹", clc="I242.4", isbn="9787020002207")
    item = make_item(record, collection=collection, call_number="I242.4/12", created_at=now)
    make_item(record, collection=collection, call_number="I242.4/12")
    other_record = make_record("西游记", responsibility="吴承恩著", authors="吴承恩", clc="I242.4")
    other_item = make_item(other_record, collection=collection, call_number="I242.4/20")
    index_records([record.pk, other_record.pk])
    reader = make_patron("李四", branch=branch, pin=PIN, at=now)
    other = make_patron("王五", branch=branch, pin=OTHER_PIN, at=now)
    loan = lend(item, reader, at=now)
    other_loan = lend(other_item, other, at=now)
    third = make_record("水浒传", responsibility="施耐庵著", authors="施耐庵", clc="I242.4")
    make_item(third, collection=collection, call_number="I242.4/30")
    other_hold = place_hold(third, other, pickup_branch=branch, at=now, by=None, channel="opac")
    return Library(branch, record, item, other_record, reader, other, loan, other_loan, other_hold)


@pytest.fixture
def reader_client(client: Client, library: Library) -> Client:
    response = log_in(client, library.reader)
    assert response.status_code == 302
    return client
