"""Authentication of devices: by API key (HTTP) or by login name and password (SIP2)."""

from __future__ import annotations

import threading

from shuyuan import fastsql
from shuyuan.devices import credentials
from shuyuan.devices.models import Device

# What a kept copy must still agree with, read again inside the transaction that acts for the device.
CURRENT_FIELDS = ("is_enabled", "secret_hash", "kind", "branch_id", "service_point_id")

_kept: dict[int, Device] = {}  # per process: a device as last read, by id
_kept_lock = threading.Lock()
KEPT_LIMIT = 10_000


def device_for_key(key: str) -> Device | None:
    parsed = credentials.parse_key(key.strip())
    if parsed is None:
        return None
    device_id, secret = parsed
    device = Device.objects.select_related("branch", "service_point").filter(pk=device_id).first()
    if device is None or not device.is_enabled or not credentials.secret_matches(secret, device.secret_hash):
        return None
    return device


def kept_device_for_key(key: str) -> Device | None:
    """``device_for_key`` from this process's copy of the device when it has one whose key matches:
    no statement at all on a people counter's busy path. The copy may be stale (the device disabled
    or its key replaced since): whoever acts for the device checks ``is_current`` inside the
    transaction that acts, and ``forget``s the copy when it is not."""
    parsed = credentials.parse_key(key.strip())
    if parsed is None:
        return None
    device_id, secret = parsed
    kept = _kept.get(device_id)
    if kept is not None and kept.is_enabled and credentials.secret_matches(secret, kept.secret_hash):
        return kept
    device = device_for_key(key)
    if device is not None:
        with _kept_lock:
            if len(_kept) >= KEPT_LIMIT:
                _kept.clear()
            _kept[device.pk] = device
    return device


def _current_sql(wrapper: object) -> str:
    columns = ", ".join(fastsql.column(Device, name) for name in CURRENT_FIELDS)
    return f"SELECT {columns} FROM {fastsql.table(Device)} WHERE id = %s"


def is_current(device: Device) -> bool:
    """Whether the device's row still says what ``device`` says (enabled, the same key, kind, branch
    and service point), read in the caller's transaction. One prepared statement: it runs inside
    every people-counter post (bench/visits)."""
    row = fastsql.fetch_one(fastsql.prepared(_current_sql), [device.pk])
    return row is not None and bool(row[0]) and row == tuple(getattr(device, name) for name in CURRENT_FIELDS)


def forget(device: Device) -> None:
    with _kept_lock:
        _kept.pop(device.pk, None)


def device_for_login(username: str, password: str) -> Device | None:
    device = Device.objects.select_related("branch", "service_point").filter(username=username).first()
    if device is None or not device.is_enabled or not credentials.secret_matches(password, device.secret_hash):
        return None
    return device
