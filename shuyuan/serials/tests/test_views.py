import pytest
from django.urls import reverse

from shuyuan.roles import Role
from shuyuan.serials.models import Issue, Subscription
from shuyuan.testing.branches import make_staff
from shuyuan.testing.serials import make_reading_room, make_subscription, make_supplier

pytestmark = pytest.mark.django_db


def form_data(room, supplier, **changes):
    data = {
        "title": "湖南教育",
        "issn": "0254-4164",
        "cn": "CN43-1001/G4",
        "postal_code": "42-3",
        "supplier": supplier.pk,
        "price": "96.00",
        "service_point": room.pk,
        "year": "2016",
        "copies": "1",
        "frequency": "monthly",
        "numbering": "year_issue",
        "first_issue_on": "2016-01-10",
        "combined": "1-2",
        "late_after_days": "10",
    }
    return {**data, **changes}


def test_the_preview_lists_the_issues_and_saves_nothing(client):
    room = make_reading_room()
    client.force_login(make_staff(Role.ACQUISITIONS, room.branch))
    response = client.post(reverse("serials:add"), {**form_data(room, make_supplier()), "preview": "1"})
    assert "2016年第1-2期" in response.content.decode()
    assert not Subscription.objects.exists()


def test_saving_the_form_subscribes(client):
    room = make_reading_room()
    client.force_login(make_staff(Role.ACQUISITIONS, room.branch))
    client.post(reverse("serials:add"), {**form_data(room, make_supplier()), "save": "1"})
    assert Subscription.objects.get().issues.count() == 11


def test_the_form_shows_why_an_invalid_cn_number_is_refused(client):
    room = make_reading_room()
    client.force_login(make_staff(Role.ACQUISITIONS, room.branch))
    response = client.post(reverse("serials:add"), {**form_data(room, make_supplier(), cn="CN43-99/G4"), "save": "1"})
    assert "CN43-99/G4" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_reading_room_checks_in_from_the_months_list(client):
    room = make_reading_room()
    issue = make_subscription(service_point=room).issues.get(sequence=1)
    client.force_login(make_staff(Role.READING_ROOM, room.branch))
    client.post(reverse("serials:check_in") + "?year=2016&month=1", {"issue": issue.pk})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.RECEIVED


def test_the_reading_room_may_not_subscribe(client):
    room = make_reading_room()
    client.force_login(make_staff(Role.READING_ROOM, room.branch))
    assert client.get(reverse("serials:add")).status_code == 403


def test_the_subscription_list_pdf_is_served(client):
    room = make_reading_room()
    make_subscription(service_point=room)
    client.force_login(make_staff(Role.ACQUISITIONS, room.branch))
    response = client.get(reverse("serials:postal_list") + "?year=2016")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
