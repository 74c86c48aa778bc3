"""In-house use (阅览册次): books read in a reading room and left on the tables, counted when staff
re-shelve them, as circulation events of their own kind per service point and day."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from shuyuan.branches.models import ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.circulation import steps
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import CirculationEvent
from shuyuan.circulation.steps import Act


@transaction.atomic(durable=True)
def record_in_house_use(
    item: Item, *, at: datetime, by: Any, service_point: ServicePoint, channel: str
) -> CirculationEvent:
    """Count one use of ``item`` inside the library at ``service_point``. It changes nothing about
    the item: a copy on loan that a reader reads in the room is counted too."""
    if item.status == Item.Status.WITHDRAWN:
        raise CirculationRefused(Reason.ITEM_WITHDRAWN)
    act = Act.at_point(service_point, at=at, by=by, channel=channel)
    return steps.record_event(CirculationEvent.Kind.IN_HOUSE_USE, act, item=item)
