import pytest

from shuyuan.branches.scoping import branches_for, can_act_in
from shuyuan.devices.models import Device
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.devices import make_device

pytestmark = pytest.mark.django_db


def test_a_staff_member_acts_only_in_their_own_branches():
    own, other = make_branch(), make_branch()
    user = make_staff(Role.CIRCULATION, own)
    assert list(branches_for(user)) == [own]
    assert can_act_in(user, own)
    assert not can_act_in(user, other)


def test_a_staff_member_granted_all_branches_acts_everywhere():
    own, other = make_branch(), make_branch()
    user = make_staff(Role.CATALOGUING, own, all_branches=True)
    assert can_act_in(user, other)


def test_the_device_page_lists_only_devices_of_the_staff_members_branches(client):
    own, other = make_branch(), make_branch()
    make_device(Device.Kind.PEOPLE_COUNTER, branch=own, name="本馆计数器")
    make_device(Device.Kind.PEOPLE_COUNTER, branch=other, name="别馆计数器")
    client.force_login(make_staff(Role.DIRECTOR, own))
    body = client.get("/devices/").content.decode()
    assert "本馆计数器" in body
    assert "别馆计数器" not in body


def test_a_staff_member_cannot_disable_a_device_of_another_branch(client):
    own, other = make_branch(), make_branch()
    device, _key = make_device(branch=other)
    client.force_login(make_staff(Role.DIRECTOR, own))
    assert client.post(f"/devices/{device.pk}/toggle/").status_code == 403
    device.refresh_from_db()
    assert device.is_enabled


def test_staff_register_and_disable_a_device_on_the_page(client):
    branch = make_branch()
    client.force_login(make_staff(Role.DIRECTOR, branch))
    response = client.post(
        "/devices/add/", {"kind": "people_counter", "name": "大门计数器", "branch": branch.pk, "character_set": "utf-8"}
    )
    assert "sy_" in response.content.decode()
    device = Device.objects.get(name="大门计数器")
    client.post(f"/devices/{device.pk}/toggle/")
    device.refresh_from_db()
    assert not device.is_enabled
