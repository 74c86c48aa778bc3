"""Authentication of devices: by API key (HTTP) or by login name and password (SIP2)."""

from shuyuan.devices import credentials
from shuyuan.devices.models import Device


def device_for_key(key: str) -> Device | None:
    parsed = credentials.parse_key(key.strip())
    if parsed is None:
        return None
    device_id, secret = parsed
    device = Device.objects.select_related("branch", "service_point").filter(pk=device_id).first()
    if device is None or not device.is_enabled or not credentials.secret_matches(secret, device.secret_hash):
        return None
    return device


def device_for_login(username: str, password: str) -> Device | None:
    device = Device.objects.select_related("branch", "service_point").filter(username=username).first()
    if device is None or not device.is_enabled or not credentials.secret_matches(password, device.secret_hash):
        return None
    return device
