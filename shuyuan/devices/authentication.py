"""Device-key authentication for the HTTP API: ``Authorization: Bearer sy_<id>_<secret>``.

It lives with the devices, below every domain, so that a domain's API router (``patrons/api.py``)
authenticates its callers without importing the ``api`` app, which imports the routers."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from shuyuan.branches.models import Branch
from shuyuan.devices.models import Device
from shuyuan.devices.presence import mark_seen
from shuyuan.devices.queries import device_for_key, kept_device_for_key

SEEN_EVERY = timedelta(minutes=1)


class DeviceKey(HttpBearer):
    """Authenticates a Device; ``kinds`` limits which kinds of device may call an endpoint.

    ``kept=True`` authenticates from the process's copy of the device (``queries.kept_device_for_key``):
    only for an endpoint whose service checks ``queries.is_current`` in the transaction that acts."""

    def __init__(self, *kinds: str, kept: bool = False) -> None:
        super().__init__()
        self.kinds = set(kinds)
        self.find = kept_device_for_key if kept else device_for_key

    def authenticate(self, request: HttpRequest, token: str) -> Device | None:
        device = self.find(token)
        if device is None:
            return None
        if self.kinds and device.kind not in self.kinds:
            raise WrongDeviceKind(device)
        now = timezone.now()
        # A counter posting every few seconds need not write "last seen" each time: once a minute
        # is exact enough for the devices page and saves a write (and a sync to disk) per request.
        if device.last_seen_at is None or now - device.last_seen_at > SEEN_EVERY:
            mark_seen(device, at=now)
        return device


class WrongDeviceKind(Exception):
    def __init__(self, device: Any) -> None:
        super().__init__(device.kind)
        self.device = device


def require_own_branch(request: HttpRequest, branch: Branch) -> Device:
    """A device acts only for its own branch."""
    device: Device = request.auth  # type: ignore[attr-defined]
    if device.branch_id != branch.pk:
        raise HttpError(403, _("This device belongs to another branch."))
    return device
