"""Device-key authentication for the API: ``Authorization: Bearer sy_<id>_<secret>``."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from shuyuan.devices.models import Device
from shuyuan.devices.presence import mark_seen
from shuyuan.devices.queries import device_for_key


class DeviceKey(HttpBearer):
    """Authenticates a Device; ``kinds`` limits which kinds of device may call an endpoint."""

    def __init__(self, *kinds: str) -> None:
        super().__init__()
        self.kinds = set(kinds)

    def authenticate(self, request: HttpRequest, token: str) -> Device | None:
        device = device_for_key(token)
        if device is None:
            return None
        if self.kinds and device.kind not in self.kinds:
            raise WrongDeviceKind(device)
        mark_seen(device, at=timezone.now())
        return device


class WrongDeviceKind(Exception):
    def __init__(self, device: Any) -> None:
        super().__init__(device.kind)
        self.device = device
