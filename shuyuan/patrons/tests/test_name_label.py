"""A reader's name is labelled 姓名 (a person's name), never 名称 (the name of a thing)."""

import re

import pytest
from django.test import Client

from shuyuan.testing.branches import make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def name_label(page: str) -> str:
    """The label text of the ``name`` field, or the header cell that names the name column."""
    found = re.search(r'<label for="id_name">([^<:：]*)', page)
    return found.group(1) if found else ""


@pytest.fixture
def desk() -> Client:
    client = Client()
    client.force_login(make_staff("circulation", all_branches=True))
    return client


def test_the_registration_form_labels_the_name_as_a_persons_name(desk):
    assert name_label(desk.get("/patrons/register/").content.decode()) == "姓名"


def test_the_online_join_form_labels_the_name_as_a_persons_name():
    assert name_label(Client().get("/patrons/join/").content.decode()) == "姓名"


def test_the_edit_form_labels_the_name_as_a_persons_name(desk):
    reader = make_patron("张晓明")
    assert name_label(desk.get(f"/patrons/{reader.pk}/edit/").content.decode()) == "姓名"


def test_the_search_result_heads_the_name_column_as_a_persons_name(desk):
    make_patron("张晓明")
    make_patron("张晓红")
    page = desk.post("/patrons/", {"q": "张晓"}).content.decode()
    assert ("<th>姓名</th>" in page, "<th>名称</th>" in page) == (True, False)
