"""Small helpers for the visits tests: a room with opening hours, a computer, counter models."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shuyuan.branches.models import OpeningHours, ServicePoint
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.visits.models import Computer, CounterModel

ZONE = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def make_room(
    kind: str = ServicePoint.Kind.E_READING_ROOM, opens: time = time(8, 30), closes: time = time(21), **fields: Any
) -> ServicePoint:
    point = make_service_point(fields.pop("branch", None) or make_branch(), kind=kind, name="电子阅览室", **fields)
    OpeningHours.objects.bulk_create(
        OpeningHours(service_point=point, weekday=d, opens_at=opens, closes_at=closes) for d in range(7)
    )
    return point


def make_computer(room: ServicePoint | None = None, name: str = "PC01") -> Computer:
    return Computer.objects.create(service_point=room or make_room(), name=name)


def make_counter_model(**fields: Any) -> CounterModel:
    defaults = dict(
        name="客流计数器 A 型",
        gate_column="gate",
        start_column="start",
        end_column="",
        count_column="in",
        interval_minutes=15,
    )
    return CounterModel.objects.create(**{**defaults, **fields})


def counter_csv(gates: int = 2, intervals: int = 4, start: datetime | None = None, count: int = 3) -> str:
    start = start or local(2016, 3, 1, 9)
    lines = ["gate,start,in"]
    for g in range(gates):
        for i in range(intervals):
            lines.append(f"G{g},{start + timedelta(minutes=15 * i):%Y-%m-%d %H:%M},{count}")
    return "\n".join(lines) + "\n"
