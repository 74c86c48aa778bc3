"""A reader signs up on a phone and a member of staff checks the ticket in at the door, in Chromium."""

import pytest
from django.utils import timezone

from shuyuan.outreach.models import Registration
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.browser import log_in, shot
from shuyuan.testing.outreach import make_activity
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_signs_up_on_a_phone_and_the_ticket_checks_in_at_the_door(live_server, phone_page, desk_page):
    activity = make_activity("少儿绘本故事会", at=timezone.now(), capacity=30)
    reader = make_patron("林芳", pin="280461")
    make_staff(Role.ACTIVITIES, username="huodong")

    phone_page.goto(f"{live_server.url}/activities/")
    phone_page.click("text=少儿绘本故事会")
    phone_page.fill("input[name=card]", reader.card_number)
    phone_page.fill("input[name=pin]", "280461")
    phone_page.click("button[type=submit]")
    phone_page.wait_for_selector(".qr svg")
    shot(phone_page, "outreach-ticket-on-phone")
    ticket = phone_page.inner_text(".ticket-number")

    log_in(desk_page, live_server.url, "huodong", "pw")
    desk_page.wait_for_url("**/staff/")
    desk_page.goto(f"{live_server.url}/outreach/{activity.pk}/door/")
    desk_page.fill("#id_ticket", ticket)
    desk_page.press("#id_ticket", "Enter")
    desk_page.wait_for_selector(".messages .success")
    shot(desk_page, "outreach-door-checked-in")
    assert "欢迎 林*，已入场。" in desk_page.inner_text(".messages")
    assert desk_page.inner_text("#attendance") == "1"
    assert Registration.objects.get(ticket=ticket).checked_in_at is not None
