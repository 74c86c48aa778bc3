"""The desk page's wiring: who may open it, in which language, at which service point."""

from django.conf import settings
from django.test import Client

from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff


def test_a_circulation_clerk_opens_the_desk_in_chinese_at_their_branchs_lending_desk(client_in, point):
    response = client_in.get("/desk/")
    page = response.content.decode()
    assert response.status_code == 200 and "扫描读者证或图书" in page and point.name in page


def test_the_desk_speaks_english_when_asked(client_in):
    client_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Scan a reader card or a book" in client_in.get("/desk/").content.decode()


def test_staff_without_the_lending_permission_may_not_open_the_desk(branch, point):
    client = Client()
    client.force_login(make_staff(Role.CATALOGUING, branch, username="cataloguer"))
    assert client.get("/desk/").status_code == 403


def test_the_desk_is_in_the_lending_menu(client_in):
    assert 'href="/desk/"' in client_in.get("/staff/").content.decode()
