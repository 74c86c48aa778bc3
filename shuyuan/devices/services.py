import secrets
from datetime import datetime
from typing import Any

from django.db import transaction

from shuyuan.audit import log
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.devices import credentials
from shuyuan.devices.errors import SERVICE_POINT_OF_OTHER_BRANCH, DeviceRefused
from shuyuan.devices.models import Device


@transaction.atomic(durable=True)
def add(
    *,
    kind: str,
    name: str,
    branch: Branch,
    service_point: ServicePoint | None = None,
    username: str = "",
    password: str = "",
    at: datetime,
    by: Any,
    **options: Any,
) -> tuple[Device, str]:
    """Create a device; returns it with its credential (the given password, or a new API key)."""
    if service_point is not None and service_point.branch_id != branch.pk:
        raise DeviceRefused(str(SERVICE_POINT_OF_OTHER_BRANCH))
    secret = password or credentials.new_secret()
    device = Device.objects.create(
        kind=kind,
        name=name,
        username=username or f"{kind.split('_')[0]}-{secrets.token_hex(4)}",
        branch=branch,
        service_point=service_point,
        secret_hash=credentials.hash_secret(secret),
        created_at=at,
        **options,
    )
    log.record("device.add", at=at, by=by, obj=device, detail={"kind": kind, "branch": branch.code})
    return device, credential_for(device, secret, password_given=bool(password))


def credential_for(device: Device, secret: str, *, password_given: bool) -> str:
    return secret if password_given else credentials.format_key(device.pk, secret)


@transaction.atomic(durable=True)
def reset_credentials(device: Device, *, password: str = "", at: datetime, by: Any) -> str:
    secret = password or credentials.new_secret()
    Device.objects.filter(pk=device.pk).update(secret_hash=credentials.hash_secret(secret))
    device.refresh_from_db()
    log.record("device.reset_credentials", at=at, by=by, obj=device)
    return credential_for(device, secret, password_given=bool(password))


@transaction.atomic(durable=True)
def set_enabled(device: Device, enabled: bool, *, at: datetime, by: Any) -> Device:
    Device.objects.filter(pk=device.pk).update(is_enabled=enabled)
    device.refresh_from_db()
    log.record("device.enable" if enabled else "device.disable", at=at, by=by, obj=device)
    return device
