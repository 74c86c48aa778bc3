"""The overdue call list (催还电话): one line per reader to phone, masked numbers, printable per
branch; a number is seen only through the readers' audited reveal."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from shuyuan.audit.models import AuditEntry
from shuyuan.keys import encrypt
from shuyuan.patrons.models import Patron
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import lend, make_desk
from shuyuan.testing.patrons import make_patron

PHONE = "13812345678"


@pytest.fixture
def staff(client, branch):
    user = make_staff(Role.CIRCULATION, branch)
    client.force_login(user)
    return user


@pytest.fixture
def caller(client, branch):
    """A circulation clerk who may reveal numbers (the director gives the permission)."""
    user = make_staff(Role.CIRCULATION, branch)
    user.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    client.force_login(user)
    return user


def reader_with_overdues(desk, name="孙八", phone=PHONE, *, days_ago=(40,), titles=("活着",)):
    reader = make_patron(name, branch=desk.branch, service_point=desk, phone=phone, at=timezone.now() - timedelta(90))
    for days, title in zip(days_ago, titles, strict=True):
        item = make_item(branch=desk.branch, record=make_record(title=title))
        lend(item, reader, at=timezone.now() - timedelta(days=days), service_point=desk)
    return reader


def test_each_reader_is_one_line_with_all_their_overdue_books(staff, client, desk):
    reader_with_overdues(desk, days_ago=(40, 35), titles=("活着", "围城"))
    calls = client.get("/circulation/overdue/calls/").context["calls"]
    assert [(c.patron.name, [line.loan.item.record.title for line in c.lines]) for c in calls] == [
        ("孙八", ["活着", "围城"])
    ]


def test_the_longest_overdue_reader_is_called_first(staff, client, desk):
    reader_with_overdues(desk, "孙八", "13812345670", days_ago=(35,))
    reader_with_overdues(desk, "周九", "13812345671", days_ago=(60,))
    calls = client.get("/circulation/overdue/calls/").context["calls"]
    assert [c.patron.name for c in calls] == ["周九", "孙八"]


def test_the_phone_shows_masked_and_never_in_full(staff, client, desk):
    reader_with_overdues(desk)
    page = client.get("/circulation/overdue/calls/").content.decode()
    assert ("138****5678" in page, PHONE in page) == (True, False)


def test_a_child_without_a_phone_is_called_on_the_guardians_number(staff, client, desk):
    child = reader_with_overdues(desk, "小明", phone="")
    Patron.objects.filter(pk=child.pk).update(
        guardian_phone_encrypted=encrypt("13987654321"), guardian_phone_masked="139****4321"
    )
    page = client.get("/circulation/overdue/calls/").content.decode()
    assert "139****4321 (监护人)" in page


def test_staff_without_the_reveal_permission_get_no_reveal_button(staff, client, desk):
    reader_with_overdues(desk)
    assert "显示号码" not in client.get("/circulation/overdue/calls/").content.decode()


def test_staff_with_the_reveal_permission_reveal_through_the_readers_audited_reveal(caller, client, desk):
    reader = reader_with_overdues(desk)
    page = client.get("/circulation/overdue/calls/").content.decode()
    assert f'action="/patrons/{reader.pk}/reveal/"' in page and 'value="phone"' in page
    revealed = client.post(f"/patrons/{reader.pk}/reveal/", {"what": "phone", "reason": "电话催还"}).content.decode()
    entry = AuditEntry.objects.get(action="patron.reveal")
    assert (PHONE in revealed, entry.detail, entry.actor_label) == (
        True,
        {"field": "phone", "reason": "电话催还"},
        caller.username,
    )


def test_a_reveal_without_a_reason_shows_nothing(caller, client, desk):
    reader = reader_with_overdues(desk)
    response = client.post(f"/patrons/{reader.pk}/reveal/", {"what": "phone", "reason": ""}, follow=True)
    assert (PHONE in response.content.decode(), AuditEntry.objects.filter(action="patron.reveal").exists()) == (
        False,
        False,
    )


def test_the_printed_list_is_per_branch_and_has_no_reveal_buttons(caller, client, desk, branch):
    reader_with_overdues(desk, "孙八")
    elsewhere = make_desk(make_branch(library=branch.library, name="画室分馆"))
    reader_with_overdues(elsewhere, "周九", "13812345671")
    page = client.get(f"/circulation/overdue/calls/?branch={branch.pk}&print=1").content.decode()
    assert ("孙八" in page, "周九" in page, "显示号码" in page, "通话结果" in page) == (True, False, False, True)


def test_the_call_list_needs_the_overdue_list_permission(client, branch):
    client.force_login(make_staff(Role.CATALOGUING, branch))
    assert client.get("/circulation/overdue/calls/").status_code == 403
