"""The pages' wiring: each calls its service and shows the result or the refusal in Chinese."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shuyuan.outreach import services
from shuyuan.outreach.models import Registration
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.outreach import make_activity, make_volunteer
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def coming():
    now = timezone.now()
    return make_activity("少儿绘本故事会", at=now, capacity=2, waiting_list_size=0)


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff(Role.ACTIVITIES, username="huodong"))
    return client


def test_the_public_list_shows_coming_activities_with_their_sign_up_status(client, coming):
    page = client.get("/activities/").content.decode()
    assert "少儿绘本故事会" in page
    assert "报名中" in page


def test_a_reader_signs_up_online_with_card_and_pin_and_gets_a_qr_ticket(client, coming):
    reader = make_patron("林芳", pin="280461")
    response = client.post(f"/activities/{coming.pk}/", {"card": reader.card_number, "pin": "280461"}, follow=True)
    registration = Registration.objects.get(patron=reader)
    assert response.redirect_chain[-1][0] == f"/activities/tickets/{registration.ticket}/"
    assert "<svg" in response.content.decode()


def test_a_wrong_pin_is_refused_without_saying_whether_the_card_exists(client, coming):
    reader = make_patron("林芳", pin="280461")
    page = client.post(f"/activities/{coming.pk}/", {"card": reader.card_number, "pin": "111111"}).content.decode()
    assert "读者证号或密码不正确。" in page
    assert not Registration.objects.exists()


def test_the_door_warns_of_a_reused_ticket(staff_client, coming):
    registration = services.sign_up(coming, make_patron(), at=timezone.now(), by=None, channel="desk")
    staff_client.post(f"/outreach/{coming.pk}/door/", {"ticket": registration.ticket})
    page = staff_client.post(f"/outreach/{coming.pk}/door/", {"ticket": registration.ticket}, follow=True)
    assert "这张票已经用过" in page.content.decode()


def test_the_staff_calendar_lists_the_month_s_activities(staff_client):
    make_activity("换书大会", starts_at=datetime(2016, 4, 24, 9, tzinfo=SHANGHAI))
    page = staff_client.get("/outreach/?month=2016-04").content.decode()
    assert "换书大会" in page


def test_the_staff_calendar_shows_the_sign_ups_the_attendance_and_the_outside_place(staff_client):
    salon = make_activity(
        "读书沙龙",
        at=datetime(2016, 6, 20, 9, tzinfo=SHANGHAI),
        capacity=10,
        place_name="状元洲文化公园",
        place_address="醴陵市状元洲",
    )
    services.sign_up(salon, make_patron(), at=datetime(2016, 6, 21, 9, tzinfo=SHANGHAI), by=None, channel="desk")
    page = staff_client.get("/outreach/?month=2016-06").content.decode()
    assert "1/10" in page
    assert "状元洲文化公园（醴陵市状元洲）" in page


def test_the_staff_calendar_escapes_a_title(staff_client):
    make_activity("<b>灯谜</b>", starts_at=datetime(2016, 2, 22, 19, tzinfo=SHANGHAI))
    page = staff_client.get("/outreach/?month=2016-02").content.decode()
    assert "&lt;b&gt;灯谜&lt;/b&gt;" in page


def test_the_feed_is_an_icalendar_file(client, coming):
    response = client.get("/activities/feed.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_a_volunteer_under_fourteen_without_guardian_is_refused_on_the_page(staff_client):
    page = staff_client.post(
        "/outreach/volunteers/", {"name": "王小明", "birth_date": "2015-06-01", "joined_on": "2016-04-02"}
    ).content.decode()
    assert "未满 14 周岁的志愿者须由监护人陪同登记" in page


def test_the_certificate_downloads_as_a_pdf(staff_client):
    volunteer = make_volunteer()
    now = timezone.now()
    shift = services.schedule_shift(volunteer, start=now - timedelta(hours=3), end=now, at=now, by=None)
    services.shift_check_in(shift, at=now - timedelta(hours=3), by=None)
    services.shift_check_out(shift, at=now - timedelta(hours=1), by=None)
    response = staff_client.get(f"/outreach/volunteers/{volunteer.pk}/certificate/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
