import io

import pytest
from django.core.management import CommandError, call_command

from shuyuan.audit.models import AuditEntry
from shuyuan.devices.models import Device
from shuyuan.devices.queries import device_for_key, device_for_login
from shuyuan.testing.branches import make_branch, make_service_point

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("add_device", *args, stdout=out)
    return out.getvalue()


def test_add_device_prints_a_generated_key_that_authenticates():
    branch = make_branch()
    output = run("--kind", "registration_kiosk", "--name", "办证机", "--branch", branch.code)
    key = output.split("credential: ")[1].strip()
    assert device_for_key(key).name == "办证机"


def test_add_device_sets_a_given_password_for_a_sip2_kiosk():
    point = make_service_point()
    run(
        "--kind",
        "sip2_kiosk",
        "--name",
        "自助机",
        "--branch",
        point.branch.code,
        "--service-point",
        point.code,
        "--username",
        "k1",
        "--password",
        "pw-123",
        "--character-set",
        "gb18030",
        "--requires-pin",
    )
    device = device_for_login("k1", "pw-123")
    assert (device.service_point, device.character_set, device.requires_pin) == (point, "gb18030", True)
    assert AuditEntry.objects.filter(action="device.add", object_id=str(device.pk)).exists()


def test_add_device_refuses_an_unknown_branch():
    with pytest.raises(CommandError, match="分馆"):
        run("--kind", "people_counter", "--name", "计数器", "--branch", "NOPE")


def test_add_device_refuses_a_service_point_of_another_branch():
    point = make_service_point()
    other = make_branch()
    with pytest.raises(CommandError, match="服务点属于其他分馆"):
        run("--kind", "people_counter", "--name", "计数器", "--branch", other.code, "--service-point", point.code)
    assert not Device.objects.exists()
