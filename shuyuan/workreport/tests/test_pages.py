"""The staff page: the period, the narratives, the downloads and the template, and who may use them."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.workreport import queries
from shuyuan.workreport.tests.test_template import template

pytestmark = pytest.mark.django_db
PERIOD = {"first": "2016-01-01", "last": "2016-06-30"}


def client_of(role: str, branch) -> Client:
    client = Client()
    client.force_login(make_staff(role, branch, all_branches=True))
    return client


def test_the_page_shows_the_period_s_downloads_and_narratives(first_half, desk):
    page = client_of(Role.STATISTICS, desk.branch).get(reverse("workreport:page"), PERIOD)
    assert page.status_code == 200
    assert reverse("workreport:download", args=["docx"]) in page.content.decode()


def test_a_period_ending_before_it_starts_is_explained_on_the_page(desk):
    page = client_of(Role.STATISTICS, desk.branch).get(
        reverse("workreport:page"), {"first": "2016-06-30", "last": "2016-01-01"}
    )
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()


def test_the_docx_downloads_as_a_word_document(first_half, desk):
    answer = client_of(Role.STATISTICS, desk.branch).get(reverse("workreport:download", args=["docx"]), PERIOD)
    assert answer["Content-Type"].endswith("wordprocessingml.document") and answer.content[:2] == b"PK"


def test_the_director_saves_the_narratives_with_the_report(first_half, desk):
    data = {**PERIOD, "preface": "今年上半年，我馆……", "plan": "1、继续努力。"}
    answer = client_of(Role.DIRECTOR, desk.branch).post(reverse("workreport:save"), data)
    assert answer.status_code == 302
    assert queries.narratives_for(first_half, None)["preface"] == "今年上半年，我馆……"


def test_the_statistics_role_may_not_change_the_narratives(first_half, desk):
    answer = client_of(Role.STATISTICS, desk.branch).post(reverse("workreport:save"), {**PERIOD, "preface": "x"})
    assert answer.status_code == 403


def test_a_broken_template_uploaded_on_the_page_is_refused_with_its_line(desk):
    upload = io.BytesIO(template("{{ title }", "正文"))
    upload.name = "坏模板.docx"
    answer = client_of(Role.DIRECTOR, desk.branch).post(reverse("workreport:template"), {"file": upload}, follow=True)
    assert "第 1 行" in answer.content.decode() and queries.current_template() is None
