"""A city-scale history for the statistics benchmarks, written with raw bulk inserts (benchmark only).

    from bench.stats.history import build
    history = build(0.1)   # a tenth of the city: 1 M events, 100 k readers, 500 k items …

``build(scale)`` needs Django set up on an empty database (``bench.django_setup.setup_django``). At
scale 1.0 it writes the issue's city: 10 000 000 circulation events, 1 000 000 readers (each with a
registration event), 5 000 000 items (2 000 000 records), 200 000 visit-count rows and 5 000 activities,
over ``days`` local days ending ``last`` (two years by default, so a year has a year before it), at 20
branches with a lending desk, a kiosk and a reading room each. Numbers are drawn from a seeded random
generator: the same scale and seed give the same rows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

CITY = {"events": 10_000_000, "readers": 1_000_000, "items": 5_000_000, "visit_rows": 200_000, "activities": 5_000}
BRANCHES = 20
CHUNK = 50_000
SHANGHAI = ZoneInfo("Asia/Shanghai")
CLASSES = "ABCDEFGHIJKNOPQRSTUVXZ"
# The mix of circulation acts: about as many returns as loans, fewer renewals and in-house uses.
KINDS = (("checkout", 40), ("checkin", 40), ("renewal", 12), ("in_house_use", 3), ("hold_placed", 5))


@dataclass
class History:
    scale: float
    first: date
    last: date
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    branch_ids: list[int] = field(default_factory=list)
    point_ids: list[int] = field(default_factory=list)


class Writer:
    """INSERTs of many rows through one statement: the columns named, every other column its default."""

    def __init__(self, model: Any, names: Sequence[str]) -> None:
        from django.db import connection

        self.connection = connection
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.positions = []
        base: list[Any] = []
        by_name = {f.name: i for i, f in enumerate(fields)} | {f.attname: i for i, f in enumerate(fields)}
        for f in fields:
            base.append(
                None if f.name in names or f.attname in names else f.get_db_prep_save(f.get_default(), connection)
            )
        self.positions = [by_name[n] for n in names]
        self.base = base
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        from django.db import transaction

        written = 0
        for chunk in _chunks(rows, CHUNK):
            full = []
            for row in chunk:
                values = self.base.copy()
                for position, value in zip(self.positions, row, strict=True):
                    values[position] = value
                full.append(values)
            with transaction.atomic(), self.connection.cursor() as cursor:
                cursor.executemany(self.sql, full)
            written += len(full)
        return written


def _chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stamp() -> Callable[[datetime], Any]:
    from django.db import connection

    return connection.ops.adapt_datetimefield_value  # type: ignore[no-any-return]


def _day() -> Callable[[date], Any]:
    from django.db import connection

    return connection.ops.adapt_datefield_value  # type: ignore[no-any-return]


def _ids(model: Any) -> list[int]:
    return list(model.objects.order_by("pk").values_list("pk", flat=True))


def _id_range(model: Any) -> tuple[int, int]:
    from django.db.models import Max, Min

    found = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    return found["low"], found["high"]


def build(scale: float = 0.1, *, seed: int = 1, days: int = 730, last: date = date(2016, 12, 31)) -> History:
    """Write the history; the database must be empty. Returns what was written and how long each part took."""
    from shuyuan.catalog.models import Item

    if Item.objects.exists():
        raise SystemExit("the statistics history needs an empty database")
    rng = random.Random(seed)
    history = History(scale, last - timedelta(days=days - 1), last)
    sizes = {name: max(1, int(n * scale)) for name, n in CITY.items()}
    for part, write in (
        ("setting", lambda: _setting(history)),
        ("items", lambda: _items(history, sizes["items"], rng)),
        ("readers", lambda: _readers(history, sizes["readers"], rng)),
        ("events", lambda: _events(history, sizes["events"], sizes["readers"], rng)),
        ("visit_rows", lambda: _visits(history, sizes["visit_rows"], rng)),
        ("activities", lambda: _activities(history, sizes["activities"], rng)),
    ):
        started = time.perf_counter()
        written = write()
        history.seconds[part] = round(time.perf_counter() - started, 2)
        if written is not None:
            history.counts[part] = written
    _analyze()
    return history


def _setting(history: History) -> None:
    from shuyuan.branches.models import Branch, Library, ServicePoint
    from shuyuan.catalog.models import Collection, ItemType
    from shuyuan.patrons.models import PatronCategory

    library = Library.objects.create(code="CITY", name="城市图书馆")
    for n in range(BRANCHES):
        branch = Branch.objects.create(
            library=library,
            code=f"C{n:02d}",
            name="总馆" if n == 0 else f"第{n}分馆",
            kind=Branch.Kind.CENTRAL if n == 0 else Branch.Kind.BRANCH,
        )
        history.branch_ids.append(branch.pk)
        for code, name, kind in (
            ("DESK", "外借处", ServicePoint.Kind.LENDING_DESK),
            ("KIOSK", "自助借还机", ServicePoint.Kind.KIOSK),
            ("READ", "综合阅览室", ServicePoint.Kind.GENERAL_READING_ROOM),
        ):
            point = ServicePoint.objects.create(branch=branch, code=f"C{n:02d}-{code}", name=name, kind=kind)
            history.point_ids.append(point.pk)
        Collection.objects.create(code=f"C{n:02d}-WJ", name="中文图书外借", branch=branch)
        Collection.objects.create(code=f"C{n:02d}-SE", name="少儿图书", branch=branch)
    for code, name in (("BOOK", "普通图书"), ("CHILD", "少儿图书"), ("AV", "视听资料")):
        ItemType.objects.get_or_create(code=code, defaults={"name": name})
    for code, name, kind in (("ADULT", "成人读者", "adult"), ("CHILD", "少儿读者", "child")):
        PatronCategory.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})


def _moment(history: History, rng: random.Random) -> datetime:
    day = history.first + timedelta(days=rng.randrange((history.last - history.first).days + 1))
    return datetime(
        day.year, day.month, day.day, rng.randint(8, 20), rng.randrange(60), rng.randrange(60), tzinfo=SHANGHAI
    )


def _items(history: History, count: int, rng: random.Random) -> int:
    from shuyuan.catalog.models import Collection, Item, ItemStatusChange, ItemType, Record

    stamp = _stamp()
    records = max(1, count * 2 // 5)
    opened = stamp(datetime(2010, 1, 1, tzinfo=SHANGHAI))
    Writer(Record, ["title", "clc", "created_at", "updated_at"]).write(
        (f"城市图书{n}", f"{CLASSES[n % len(CLASSES)]}{n % 97}", opened, opened) for n in range(records)
    )
    low, _high = _id_range(Record)
    collections = list(Collection.objects.order_by("pk").values_list("pk", "branch_id"))
    types = _ids(ItemType)
    new_share = 0.1  # a tenth of the stock arrives within the history, the rest was there before

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(count):
            collection, branch = collections[n % len(collections)]
            created = _moment(history, rng) if rng.random() < new_share else datetime(2010, 1, 1, tzinfo=SHANGHAI)
            yield (
                low + n % records,
                f"C{n:09d}",
                types[n % len(types)],
                collection,
                branch,
                branch,
                "on_shelf",
                stamp(created),
                stamp(created),
            )

    names = [
        "record_id",
        "barcode",
        "item_type_id",
        "collection_id",
        "home_branch_id",
        "current_branch_id",
        "status",
        "created_at",
        "status_changed_at",
    ]
    written = Writer(Item, names).write(rows())
    item_low, _ = _id_range(Item)
    weeded = [(item_low + rng.randrange(count), stamp(_moment(history, rng))) for _ in range(max(1, count // 200))]
    Writer(ItemStatusChange, ["item_id", "old_status", "new_status", "at", "by_label", "reason"]).write(
        (item, "on_shelf", "withdrawn", at, "bench", "剔旧") for item, at in dict(weeded).items()
    )
    return written


def _readers(history: History, count: int, rng: random.Random) -> int:
    from shuyuan.patrons.models import Patron, PatronCategory, RegistrationEvent

    stamp = _stamp()
    categories = list(PatronCategory.objects.order_by("pk").values_list("pk", "kind"))
    points = history.point_ids

    def moments() -> Iterator[tuple[int, datetime]]:
        for n in range(count):
            # Half the readers registered before the history, the rest during it.
            yield n, (_moment(history, rng) if n % 2 else datetime(2012, 3, 1, 10, tzinfo=SHANGHAI))

    registered = list(moments())
    patrons = (
        (
            f"P{n:09d}",
            f"读者{n}",
            categories[n % len(categories)][0],
            history.branch_ids[n % BRANCHES],
            stamp(at),
            "desk",
            f"r{n:010d}",
            "active",
        )
        for n, at in registered
    )
    names = [
        "card_number",
        "name",
        "category_id",
        "home_branch_id",
        "registered_at",
        "registration_channel",
        "reader_token",
        "status",
    ]
    written = Writer(Patron, names).write(patrons)
    events = (
        (
            stamp(at),
            "new_card",
            "desk" if n % 5 else "kiosk",
            history.branch_ids[n % BRANCHES],
            points[(n % BRANCHES) * 3 + (0 if n % 5 else 1)],
            categories[n % len(categories)][1],
            "18-59",
            f"r{n:010d}",
        )
        for n, at in registered
        if n % 2  # readers from before the history came with the old system: no registration event
    )
    Writer(
        RegistrationEvent,
        ["at", "kind", "channel", "branch_id", "service_point_id", "category_kind", "age_band", "reader_token"],
    ).write(events)
    return written


def _events(history: History, count: int, readers: int, rng: random.Random) -> int:
    from shuyuan.catalog.models import Item, ItemType
    from shuyuan.circulation.models import CirculationEvent
    from shuyuan.patrons.models import PatronCategory

    stamp = _stamp()
    item_low, item_high = _id_range(Item)
    items = item_high - item_low + 1
    # An item's type and home branch follow from its position (see _items): no need to read them back.
    types = _ids(ItemType)
    collections = 2 * BRANCHES
    categories = _ids(PatronCategory)
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    bands = ("0-6", "7-17", "18-59", "60+")
    span = (history.last - history.first).days + 1
    day_seconds = 13 * 3600

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(count):
            offset = rng.randrange(items)
            branch_n = rng.randrange(BRANCHES)
            point_n = branch_n * 3 + (0 if n % 3 else 1)
            day = history.first + timedelta(days=n * span // count)
            moment = datetime(day.year, day.month, day.day, 8, tzinfo=SHANGHAI) + timedelta(
                seconds=rng.randrange(day_seconds)
            )
            yield (
                stamp(moment),
                kinds[rng.randrange(len(kinds))],
                "desk" if point_n % 3 == 0 else "kiosk",
                history.branch_ids[branch_n],
                history.point_ids[point_n],
                item_low + offset,
                types[offset % len(types)],
                history.branch_ids[(offset % collections) // 2],
                categories[n % len(categories)],
                bands[n % len(bands)],
                f"r{rng.randrange(readers):010d}",
                "bench",
            )

    names = [
        "at",
        "kind",
        "channel",
        "branch_id",
        "service_point_id",
        "item_id",
        "item_type_id",
        "item_home_branch_id",
        "patron_category_id",
        "age_band",
        "reader_token",
        "by_label",
    ]
    return Writer(CirculationEvent, names).write(rows())


def _visits(history: History, count: int, rng: random.Random) -> int:
    from shuyuan.visits.models import VisitCount

    stamp, on = _stamp(), _day()
    span = (history.last - history.first).days + 1
    points = history.point_ids
    entered = stamp(datetime(2017, 1, 1, tzinfo=SHANGHAI))
    per_day = max(1, count // (span * len(points)))

    def rows() -> Iterator[tuple[Any, ...]]:
        written = 0
        for d in range(span):
            day = history.first + timedelta(days=d)
            for point in points:
                for interval in range(per_day):
                    if written >= count:
                        return
                    written += 1
                    start = datetime(day.year, day.month, day.day, 8, tzinfo=SHANGHAI) + timedelta(hours=interval)
                    yield (
                        point,
                        on(day),
                        rng.randint(0, 80),
                        "counter_device",
                        "门1",
                        stamp(start),
                        stamp(start + timedelta(hours=1)),
                        entered,
                    )

    names = ["service_point_id", "day", "count", "source", "gate", "interval_start", "interval_end", "entered_at"]
    return Writer(VisitCount, names).write(rows())


def _activities(history: History, count: int, rng: random.Random) -> int:
    from shuyuan.outreach.models import Activity, Kind

    stamp = _stamp()
    kinds = [k for k, _label in Kind.choices]

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(count):
            starts = _moment(history, rng)
            yield (
                f"活动{n}",
                kinds[n % len(kinds)],
                "held",
                stamp(starts),
                stamp(starts + timedelta(hours=2)),
                history.branch_ids[n % BRANCHES],
                rng.randint(5, 300),
                stamp(starts - timedelta(days=10)),
            )

    return Writer(
        Activity, ["title", "kind", "status", "starts_at", "ends_at", "branch_id", "walk_ins", "created_at"]
    ).write(rows())


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
