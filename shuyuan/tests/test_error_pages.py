import pytest
from django.test import Client

from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff(Role.CIRCULATION, make_branch()))
    return client


def test_a_missing_page_is_explained_in_chinese_in_the_staff_style(staff_client):
    response = staff_client.get("/catalog/no-such-page/")
    page = response.content.decode()
    assert (response.status_code, "找不到这个页面" in page, "staff.css" in page, "error-public" in page) == (
        404,
        True,
        True,
        False,
    )


def test_a_missing_page_is_explained_in_chinese_in_the_public_style_to_a_visitor(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert (response.status_code, "找不到这个页面" in page, "error-public" in page) == (404, True, True)


def test_a_forbidden_page_is_explained_in_chinese(staff_client):
    response = staff_client.get("/circulation/rules/new/")
    assert (response.status_code, "没有权限" in response.content.decode()) == (403, True)


def test_a_server_error_is_explained_in_chinese(monkeypatch):
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr("shuyuan.views.figures_for", broken)
    client = Client(raise_request_exception=False)
    client.force_login(make_staff(Role.CIRCULATION, make_branch()))
    response = client.get("/staff/")
    page = response.content.decode()
    assert (response.status_code, "服务器出错" in page, "boom" in page) == (500, True, False)


def test_a_bad_request_is_explained_in_chinese(client):
    response = client.get("/login/", HTTP_HOST="unknown.example")
    assert (response.status_code, "请求无效" in response.content.decode()) == (400, True)


def test_a_form_sent_without_its_security_token_is_explained_in_chinese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert (response.status_code, "安全校验" in page, "CSRF verification failed" in page) == (403, True, False)
