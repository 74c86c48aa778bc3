"""The e-reading room's PC client posts sessions through the API."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shuyuan.devices.models import Device
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_patron
from shuyuan.visits.models import ComputerSession
from shuyuan.visits.tests.factories import make_computer, make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_key() -> str:
    room = make_room()
    make_computer(room, "PC01")
    return make_device(Device.Kind.E_READING_CLIENT, room.branch, room)[1]


def card() -> str:
    return make_patron("李四", birth=date(1980, 5, 17)).cards.first().value


def post(key: str, path: str, body: dict[str, Any]) -> Any:
    return Client().post(
        f"/api/visits/{path}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_a_whole_session_posted_after_the_fact_is_stored_once_whatever_the_resends(client_key):
    end = timezone.now() - timedelta(minutes=5)
    body = {
        "computer": "PC01",
        "card": card(),
        "client_ref": "s-1",
        "started_at": (end - timedelta(hours=1)).isoformat(),
        "ended_at": end.isoformat(),
    }
    assert post(client_key, "sessions", body).status_code == 201
    assert post(client_key, "sessions", body).status_code == 201
    assert ComputerSession.objects.count() == 1


def test_a_posted_session_that_ends_before_it_starts_is_refused_in_chinese(client_key):
    now = timezone.now()
    body = {
        "computer": "PC01",
        "card": card(),
        "started_at": now.isoformat(),
        "ended_at": (now - timedelta(minutes=10)).isoformat(),
    }
    answer = post(client_key, "sessions", body)
    assert answer.status_code == 422
    assert answer.json() == {"detail": "上机的结束时间早于开始时间。", "reason": "session_reversed"}
    assert not ComputerSession.objects.exists()


def test_a_people_counter_may_not_post_sessions(client_key):
    room = make_room()
    _counter, key = make_device(Device.Kind.PEOPLE_COUNTER, room.branch, room)
    assert post(key, "sessions/start", {"computer": "PC01", "card": "x"}).status_code == 403
