"""Rows for the statistics tests: circulation events written as circulation writes them (append-only,
with their snapshot), at the times a test chooses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.circulation.models import Channel, CirculationEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_event(
    kind: str,
    at: datetime,
    *,
    point: ServicePoint,
    item: Item | None = None,
    branch: Branch | None = None,
    channel: str = Channel.DESK,
    reader_token: str = "r1",
    **fields: Any,
) -> CirculationEvent:
    return CirculationEvent.objects.create(
        kind=kind,
        at=at,
        channel=channel,
        branch=branch or point.branch,
        service_point=point,
        item=item,
        item_type=item.item_type if item else None,
        item_home_branch=item.home_branch if item else None,
        reader_token=reader_token,
        **fields,
    )
