"""The staff page of SIP2 kiosks: counters per kiosk, scoped to the staff member's branches."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shuyuan.roles import Role
from shuyuan.sip2.models import DeviceCounter
from shuyuan.sip2.tests.kiosk import make_kiosk
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db


def count(device, command="11", messages=10, errors=1, latency_ms=2.0, day=None):
    return DeviceCounter.objects.create(
        device=device,
        day=day or timezone.localdate(),
        command=command,
        messages=messages,
        errors=errors,
        latency_total_us=int(messages * latency_ms * 1000),
        latency_max_us=int(latency_ms * 3000),
        last_message_at=timezone.now(),
    )


def test_the_page_shows_todays_messages_errors_and_mean_response_of_a_kiosk(client):
    branch = make_branch()
    device = make_kiosk(branch=branch, name="自助借还机 1 号")
    count(device, messages=10, errors=1, latency_ms=2.0)
    client.force_login(make_staff(Role.STATISTICS, branch))
    page = client.get(reverse("sip2:kiosks")).content.decode()
    assert "自助借还机 1 号" in page
    assert "<td>10</td><td>1</td>" in page
    assert "<td>2.0</td>" in page


def test_the_week_adds_up_the_last_seven_days_only(client):
    branch = make_branch()
    device = make_kiosk(branch=branch)
    today = timezone.localdate()
    count(device, messages=5, day=today - dt.timedelta(days=6))
    count(device, messages=7, day=today - dt.timedelta(days=7))
    client.force_login(make_staff(Role.STATISTICS, branch))
    rows = client.get(reverse("sip2:kiosks")).context["rows"]
    assert [(day.messages, week.messages) for day, week in rows] == [(0, 5)]


def test_staff_see_only_the_kiosks_of_their_branches(client):
    mine, other = make_branch(), make_branch()
    make_kiosk("mine", branch=mine)
    make_kiosk("theirs", branch=other)
    client.force_login(make_staff(Role.STATISTICS, mine))
    rows = client.get(reverse("sip2:kiosks")).context["rows"]
    assert [day.device.username for day, _week in rows] == ["mine"]


def test_the_kiosk_page_lists_messages_by_command(client):
    branch = make_branch()
    device = make_kiosk(branch=branch)
    count(device, command="11", messages=4)
    count(device, command="09", messages=3)
    client.force_login(make_staff(Role.STATISTICS, branch))
    commands = client.get(reverse("sip2:kiosk", args=[device.pk])).context["commands"]
    assert [(c.command, c.messages) for c in commands] == [("09", 3), ("11", 4)]


def test_a_kiosk_of_another_branch_is_forbidden(client):
    device = make_kiosk(branch=make_branch())
    client.force_login(make_staff(Role.STATISTICS, make_branch()))
    assert client.get(reverse("sip2:kiosk", args=[device.pk])).status_code == 403


def test_staff_without_the_permission_are_refused(client):
    branch = make_branch()
    client.force_login(make_staff(Role.CATALOGUING, branch))
    assert client.get(reverse("sip2:kiosks")).status_code == 403


def make_conflict(device, **fields):
    from shuyuan.sip2 import services

    return services.record_conflict(
        device,
        command="11",
        happened_at=timezone.now(),
        item_barcode="T1",
        patron=None,
        reason="item_on_loan",
        message="该书已被借出。",
        at=timezone.now(),
    )


def test_offline_conflicts_are_listed_for_staff(client):
    branch = make_branch()
    make_conflict(make_kiosk(branch=branch))
    client.force_login(make_staff(Role.CIRCULATION, branch))
    assert [c.item_barcode for c in client.get(reverse("sip2:kiosks")).context["conflicts"]] == ["T1"]


def test_circulation_staff_mark_a_conflict_done(client):
    branch = make_branch()
    conflict = make_conflict(make_kiosk(branch=branch))
    staff = make_staff(Role.CIRCULATION, branch)
    client.force_login(staff)
    client.post(reverse("sip2:conflict_resolve", args=[conflict.pk]))
    conflict.refresh_from_db()
    assert (conflict.resolved_by, client.get(reverse("sip2:kiosks")).context["conflicts"].count()) == (
        staff.username,
        0,
    )


def test_statistics_staff_cannot_mark_a_conflict_done(client):
    branch = make_branch()
    conflict = make_conflict(make_kiosk(branch=branch))
    client.force_login(make_staff(Role.STATISTICS, branch))
    assert client.post(reverse("sip2:conflict_resolve", args=[conflict.pk])).status_code == 403


def test_the_kiosk_page_names_each_sip2_command_beside_its_number(client):
    branch = make_branch()
    device = make_kiosk(branch=branch)
    count(device, command="11")
    count(device, command="??")
    client.force_login(make_staff(Role.STATISTICS, branch))
    page = client.get(reverse("sip2:kiosk", args=[device.pk])).content.decode()
    assert ("11 借书" in page, "无法识别的消息" in page) == (True, True)
