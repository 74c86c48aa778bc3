"""The SIP2 app's own state changes: off-line conflicts recorded for staff and settled by them, and
the item properties kiosks store with 19."""

from datetime import datetime
from typing import Any

from django.db import transaction

from shuyuan.audit import log
from shuyuan.catalog.models import Item
from shuyuan.devices.models import Device
from shuyuan.sip2.models import KioskItemProperties, OfflineConflict


@transaction.atomic(durable=True)
def record_conflict(
    device: Device,
    *,
    command: str,
    happened_at: datetime,
    item_barcode: str,
    patron: Any,
    reason: str,
    message: str,
    at: datetime,
) -> OfflineConflict:
    conflict = OfflineConflict.objects.create(
        device=device,
        command=command,
        happened_at=happened_at,
        received_at=at,
        item_barcode=item_barcode[:40],
        patron=patron,
        reason=reason[:40],
        message=message[:200],
    )
    log.record("sip2.offline_conflict", at=at, by=device, obj=conflict, detail={"command": command, "reason": reason})
    return conflict


@transaction.atomic(durable=True)
def resolve_conflict(conflict: OfflineConflict, *, at: datetime, by: Any) -> OfflineConflict:
    conflict = OfflineConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.resolved_at is None:
        conflict.resolved_at = at
        conflict.resolved_by = log.actor_fields(by)["actor_label"]
        conflict.save(update_fields=["resolved_at", "resolved_by"])
        log.record("sip2.offline_conflict_resolved", at=at, by=by, obj=conflict)
    return conflict


@transaction.atomic(durable=True)
def set_item_properties(item: Item, properties: str, *, at: datetime, by: Device) -> KioskItemProperties:
    """Store what a kiosk sent in CH of 19 for ``item``, replacing what was stored before."""
    stored, _created = KioskItemProperties.objects.update_or_create(
        item=item, defaults={"properties": properties, "updated_at": at, "updated_by": by}
    )
    log.record("sip2.item_properties", at=at, by=by, obj=item, detail={"length": len(properties)})
    return stored
