"""The staff pages' wiring: tally, overview, day history, board, imports."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from shuyuan.branches.models import ServicePoint
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.visits.models import VisitCount
from shuyuan.visits.tests.factories import make_computer, make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def room() -> ServicePoint:
    return make_room(ServicePoint.Kind.LOCAL_DOCUMENTS_ROOM)


def client_for(point: ServicePoint, role: str = Role.READING_ROOM) -> Client:
    client = Client()
    client.force_login(make_staff(role, point.branch))
    return client


def test_the_plus_ten_button_adds_ten_visits_for_today(room):
    client = client_for(room)
    client.post(f"/visits/points/{room.code}/tally/", {"amount": "10"})
    page = client.get(f"/visits/points/{room.code}/tally/")
    assert VisitCount.objects.get().count == 10 and "10" in page.content.decode()


def test_the_overview_marks_derived_and_counted_days_in_chinese(room):
    VisitCount.objects.create(
        service_point=room, day=timezone.localdate(), count=5, source="desk", entered_at=timezone.now()
    )
    page = client_for(room).get(f"/visits/?point={room.code}")
    assert page.status_code == 200 and "人工计数" in page.content.decode()


def test_a_correction_from_the_day_page_keeps_the_old_row(room):
    row = VisitCount.objects.create(
        service_point=room, day=date(2016, 3, 1), count=5, source="desk", entered_at=timezone.now()
    )
    client = client_for(room)
    client.post(f"/visits/counts/{row.pk}/correct/", {"new_count": "4", "note": "重复"})
    page = client.get(f"/visits/points/{room.code}/days/2016-03-01/")
    assert VisitCount.objects.count() == 2 and "<del>5</del>" in page.content.decode()


def test_the_board_shows_each_computer(room):
    e_room = make_room()
    make_computer(e_room, "PC07")
    page = client_for(e_room).get(f"/visits/rooms/{e_room.code}/board/")
    assert "PC07" in page.content.decode() and "空闲" in page.content.decode()


def test_statistics_staff_may_look_but_not_tally(room):
    client = client_for(room, Role.STATISTICS)
    assert client.get(f"/visits/?point={room.code}").status_code == 200
    assert client.post(f"/visits/points/{room.code}/tally/", {"amount": "1"}).status_code == 403
