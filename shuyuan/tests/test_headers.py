"""Headers and caching: a Content-Security-Policy everywhere, Swagger from our own origin, no
caching of pages with personal data, and staff sessions that end with the browser (issue 20.12)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[1]


def staff() -> Client:
    client = Client()
    client.force_login(make_staff("director", make_branch(), all_branches=True))
    return client


def test_every_page_carries_a_content_security_policy() -> None:
    policy = Client().get("/login/")["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy


def test_no_template_holds_an_inline_script_or_event_handler() -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\son[a-z]+=\"", re.IGNORECASE)
    found = [str(p) for p in TEMPLATES.rglob("templates/**/*.html") if inline.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_the_api_docs_load_swagger_from_our_own_origin() -> None:
    page = Client().get("/api/docs").content.decode()
    assert ("/static/ninja/swagger-ui-bundle.js" in page, "cdn.jsdelivr.net" in page) == (True, False)


def test_a_reader_page_is_not_stored_by_the_browser() -> None:
    patron = make_patron()
    assert "no-store" in staff().get(f"/patrons/{patron.pk}/")["Cache-Control"]


def test_a_reader_card_pdf_is_not_stored_by_the_browser() -> None:
    patron = make_patron()
    assert "no-store" in staff().get(f"/patrons/{patron.pk}/card.pdf")["Cache-Control"]


def test_the_readers_export_is_not_stored_by_the_browser() -> None:
    make_patron()
    assert "no-store" in staff().post("/patrons/export/")["Cache-Control"]


def test_the_page_that_shows_a_new_device_key_is_not_stored_by_the_browser() -> None:
    client = staff()
    branch = make_branch()
    form = {"kind": "registration_kiosk", "name": "一号机", "username": "kiosk-a", "branch": branch.pk}
    response = client.post("/devices/add/", form)
    assert "no-store" in response["Cache-Control"]


def test_a_staff_session_ends_when_the_browser_closes() -> None:
    client = Client()
    make_staff("circulation", make_branch(), username="clerk")
    response = client.post("/login/", {"username": "clerk", "password": "pw"})
    cookie = response.cookies["sessionid"]
    assert (cookie["expires"], cookie["max-age"]) == ("", "")


def test_a_staff_session_lasts_at_most_a_working_day() -> None:
    client = Client()
    make_staff("circulation", make_branch(), username="clerk")
    client.post("/login/", {"username": "clerk", "password": "pw"})
    assert client.session.get_expiry_age() <= 8 * 3600
