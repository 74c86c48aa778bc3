"""A reader logged in to the public catalogue signs up for an activity without the card and PIN again."""

from django.test import Client
from django.utils import timezone

from shuyuan.outreach.models import Registration
from shuyuan.testing.outreach import make_activity

from .conftest import Library


def test_a_logged_in_reader_signs_up_with_one_button_and_gets_the_ticket(
    reader_client: Client, library: Library
) -> None:
    activity = make_activity(capacity=5, is_public=True, at=timezone.now())
    response = reader_client.post(f"/account/activities/{activity.pk}/sign-up/")
    registration = Registration.objects.get(activity=activity)
    assert (registration.patron, registration.channel) == (library.reader, Registration.Channel.ONLINE)
    assert response["Location"] == f"/activities/tickets/{registration.ticket}/"


def test_signing_up_twice_is_refused_in_chinese(reader_client: Client, library: Library) -> None:
    activity = make_activity(capacity=5, is_public=True, at=timezone.now())
    reader_client.post(f"/account/activities/{activity.pk}/sign-up/")
    page = reader_client.post(f"/account/activities/{activity.pk}/sign-up/").content.decode()
    assert Registration.objects.filter(activity=activity).count() == 1 and "已" in page


def test_the_sign_up_asks_for_a_login_first(client: Client, library: Library) -> None:
    activity = make_activity(capacity=5, is_public=True, at=timezone.now())
    assert client.get(f"/account/activities/{activity.pk}/sign-up/")["Location"].startswith("/account/login/")


def test_an_activity_not_public_is_not_found(reader_client: Client, library: Library) -> None:
    activity = make_activity(capacity=5, is_public=False, at=timezone.now())
    assert reader_client.post(f"/account/activities/{activity.pk}/sign-up/").status_code == 404
