from typing import Any

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.devices import services
from shuyuan.devices.models import Device
from shuyuan.testing.branches import NOW, make_branch


def make_device(
    kind: str = Device.Kind.REGISTRATION_KIOSK,
    branch: Branch | None = None,
    service_point: ServicePoint | None = None,
    **fields: Any,
) -> tuple[Device, str]:
    """A device and its credential (an API key, or the password given as ``password=``)."""
    return services.add(
        kind=kind,
        name=fields.pop("name", "测试设备"),
        branch=branch or make_branch(),
        service_point=service_point,
        at=NOW,
        by=None,
        **fields,
    )
