"""Small leaks closed (issue 20.13): device credential digests are shown to nobody, the
opening-hours endpoint reveals no branch codes, and a new SQLite database file is private."""

import os
import stat

import pytest
from django.db.utils import ConnectionHandler
from django.test import Client

from shuyuan.devices.models import Device
from shuyuan.settings import database_from_url
from shuyuan.sqlite.base import DatabaseWrapper
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.devices import make_device


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["statistics", "director"])
def test_no_role_reads_a_device_credential_digest_in_the_admin(role: str) -> None:
    branch = make_branch()
    device, _key = make_device(Device.Kind.REGISTRATION_KIOSK, branch)
    client = Client()
    client.force_login(make_staff(role, branch, all_branches=True))
    page = client.get(f"/admin/devices/device/{device.pk}/change/").content.decode()
    assert device.secret_hash not in page


@pytest.mark.django_db
def test_an_unknown_branch_code_gets_the_same_answer_as_another_branchs() -> None:
    own, other = make_branch(), make_branch()
    _device, key = make_device(Device.Kind.REGISTRATION_KIOSK, own)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    answers = [client.get(f"/api/branches/{code}/opening").status_code for code in (other.code, "NO-SUCH-BRANCH")]
    assert answers == [403, 403]


@pytest.mark.django_db
def test_a_device_still_reads_its_own_branchs_opening_hours() -> None:
    own = make_branch()
    _device, key = make_device(Device.Kind.REGISTRATION_KIOSK, own)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(f"/api/branches/{own.code}/opening")
    assert (response.status_code, response.json()["branch"]) == (200, own.code)


def test_a_new_sqlite_database_file_is_readable_by_its_owner_only(tmp_path) -> None:
    path = tmp_path / "new.sqlite3"
    config = database_from_url(f"sqlite:///{path}")
    wrapper = ConnectionHandler({"default": config, "leaktest": config})["leaktest"]
    assert isinstance(wrapper, DatabaseWrapper)
    old = os.umask(0o022)
    try:
        wrapper.get_new_connection(wrapper.get_connection_params()).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
