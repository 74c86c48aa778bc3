"""When a device was last heard from: a single-row update, cheap enough for every login."""

from datetime import datetime

from shuyuan.devices.models import Device


def mark_seen(device: Device, *, at: datetime) -> None:
    Device.objects.filter(pk=device.pk).update(last_seen_at=at)
    device.last_seen_at = at
