import pytest
from django.test import Client

from shuyuan.devices import services
from shuyuan.devices.models import Device
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.devices import make_device

pytestmark = pytest.mark.django_db


def get_opening(client: Client, code: str, key: str | None):
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return client.get(f"/api/branches/{code}/opening", headers=headers)


def test_a_device_reads_its_own_branchs_opening_hours(client):
    branch = make_branch()
    _device, key = make_device(branch=branch)
    response = get_opening(client, branch.code, key)
    assert response.status_code == 200
    assert response.json()["branch"] == branch.code
    assert len(response.json()["open_days"]) == 14


def test_a_request_without_a_key_is_refused_in_chinese(client):
    branch = make_branch()
    response = get_opening(client, branch.code, None)
    assert response.status_code == 401
    assert "设备密钥" in response.json()["detail"]


def test_a_wrong_key_is_refused(client):
    branch = make_branch()
    device, key = make_device(branch=branch)
    assert get_opening(client, branch.code, key[:-1] + ("x" if key[-1] != "x" else "y")).status_code == 401
    assert get_opening(client, branch.code, f"sy_{device.pk + 1}_{key.split('_', 2)[2]}").status_code == 401
    assert get_opening(client, branch.code, "garbage").status_code == 401


def test_a_disabled_device_is_refused(client):
    branch = make_branch()
    device, key = make_device(branch=branch)
    services.set_enabled(device, False, at=NOW, by=None)
    assert get_opening(client, branch.code, key).status_code == 401


def test_a_device_of_another_branch_is_refused(client):
    own, other = make_branch(), make_branch()
    _device, key = make_device(branch=own)
    response = get_opening(client, other.code, key)
    assert response.status_code == 403
    assert "其他分馆" in response.json()["detail"]


def test_a_reset_key_replaces_the_old_one(client):
    branch = make_branch()
    device, old_key = make_device(branch=branch)
    new_key = services.reset_credentials(device, at=NOW, by=None)
    assert get_opening(client, branch.code, old_key).status_code == 401
    assert get_opening(client, branch.code, new_key).status_code == 200


def test_a_kiosk_logs_in_with_its_password():
    from shuyuan.devices.queries import device_for_login

    device, password = make_device(Device.Kind.SIP2_KIOSK, username="kiosk9", password="s3cret-pw")
    assert password == "s3cret-pw"
    assert device_for_login("kiosk9", "s3cret-pw") == device
    assert device_for_login("kiosk9", "wrong") is None
    assert device_for_login("nobody", "s3cret-pw") is None


def test_the_stored_hash_does_not_reveal_the_credential():
    device, key = make_device()
    device.refresh_from_db()
    assert key.split("_", 2)[2] not in device.secret_hash


def test_the_health_endpoint_needs_no_key(client):
    response = client.get("/api/health")
    assert response.status_code == 200 and response.json()["database"] is True


def test_the_openapi_document_and_docs_are_served(client):
    assert client.get("/api/openapi.json").json()["info"]["title"].startswith("书苑")
    assert client.get("/api/docs").status_code == 200
