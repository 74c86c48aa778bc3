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
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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
    """Rows of values for the named columns, every other column its default, inserted many per statement
    (``fastsql.copy_rows``: a multi-row INSERT on SQLite, COPY on PostgreSQL), a chunk per transaction."""

    def __init__(self, model: Any, names: Sequence[str]) -> None:
        from django.db import connection

        self.model = model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_name = {f.name: i for i, f in enumerate(fields)} | {f.attname: i for i, f in enumerate(fields)}
        self.base = [
            None if f.name in names or f.attname in names else f.get_db_prep_save(f.get_default(), connection)
            for f in fields
        ]
        self.positions = [by_name[n] for n in names]
        self.columns = [f.attname for f in fields]
        # Rows that name every column in order need no copying into the defaults.
        self.whole = self.positions == list(range(len(fields)))

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        from django.db import transaction

        from shuyuan.fastsql import copy_rows

        written = 0
        for chunk in _chunks(rows, CHUNK):
            full: list[Sequence[Any]] = chunk if self.whole else [self._full(row) for row in chunk]
            with transaction.atomic():
                copy_rows(self.model, self.columns, full)
            written += len(full)
        return written

    def _full(self, row: Sequence[Any]) -> list[Any]:
        values = self.base.copy()
        for position, value in zip(self.positions, row, strict=True):
            values[position] = value
        return values


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
    """Write the history; the database must be empty. Returns what was written and how long each part took.

    The tables' secondary indexes are dropped while the rows go in and built again afterwards (one sorted
    build per index instead of millions of random insertions), and foreign keys are not checked row by
    row: the generator writes only ids it has just written."""
    from django.db import connection

    from shuyuan.catalog.models import Item

    if Item.objects.exists():
        raise SystemExit("the statistics history needs an empty database")
    rng = random.Random(seed)
    history = History(scale, last - timedelta(days=days - 1), last)
    sizes = {name: max(1, int(n * scale)) for name, n in CITY.items()}
    _tune_for_loading()
    with _indexes_built_afterwards(history):
        connection.disable_constraint_checking()
        try:
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
        finally:
            connection.enable_constraint_checking()
    started = time.perf_counter()
    _analyze()
    history.seconds["analyze"] = round(time.perf_counter() - started, 2)
    return history


def existing_or_build(scale: float, *, days: int, last: date) -> History:
    """The history already in the database (a kept file, ``--build-only`` before), or a new one."""
    from shuyuan.catalog.models import Item

    if Item.objects.exists():
        return from_database(scale)
    return build(scale, days=days, last=last)


def from_database(scale: float) -> History:
    """What a kept database holds: its days, counts and places (counted again, not remembered)."""
    from django.db.models import Max, Min
    from django.utils import timezone

    from shuyuan.branches.models import Branch, ServicePoint
    from shuyuan.catalog.models import Item
    from shuyuan.circulation.models import CirculationEvent
    from shuyuan.outreach.models import Activity
    from shuyuan.patrons.models import Patron
    from shuyuan.visits.models import VisitCount

    span = CirculationEvent.objects.aggregate(first=Min("at"), last=Max("at"))
    history = History(scale, timezone.localdate(span["first"]), timezone.localdate(span["last"]))
    for part, model in (
        ("items", Item),
        ("readers", Patron),
        ("events", CirculationEvent),
        ("visit_rows", VisitCount),
        ("activities", Activity),
    ):
        history.counts[part] = model.objects.count()
    history.branch_ids = _ids(Branch)
    history.point_ids = _ids(ServicePoint)
    return history


TABLES_LOADED = (
    "catalog_record",
    "catalog_item",
    "catalog_itemstatuschange",
    "patrons_patron",
    "patrons_registrationevent",
    "circulation_circulationevent",
    "visits_visitcount",
    "outreach_activity",
)


def _tune_for_loading() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB of pages for the index builds' sorting


@contextmanager
def _indexes_built_afterwards(history: History) -> Iterator[None]:
    """Drop the loaded tables' secondary indexes (not those behind primary keys and unique constraints),
    and create them again when the rows are in."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(TABLES_LOADED))
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})",
                list(TABLES_LOADED),
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || "
                "quote_ident(i.indexname))::regclass)",
                [list(TABLES_LOADED)],
            )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
    history.seconds["indexes"] = round(time.perf_counter() - started, 2)


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
            created = stamp(_moment(history, rng)) if rng.random() < new_share else opened
            yield (
                low + n % records,
                f"C{n:09d}",
                types[n % len(types)],
                collection,
                branch,
                branch,
                "on_shelf",
                created,
                created,
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


def _day_stamps(history: History) -> list[tuple[str, str]]:
    """Per local day, the UTC date of its 08:00 and how the engine's timestamps end: events fall between 08:00
    and 21:00 local time, which is 00:00–13:00 UTC of the same date, so a stamp is text built from the
    seconds after 08:00 (SQLite stores naive UTC text, PostgreSQL's COPY reads the UTC offset)."""
    from django.db import connection

    suffix = "" if connection.vendor == "sqlite" else "+00"
    stamps = []
    for d in range((history.last - history.first).days + 1):
        day = history.first + timedelta(days=d)
        start = datetime(day.year, day.month, day.day, 8, tzinfo=SHANGHAI).astimezone(UTC)
        assert (start.hour, start.minute) == (0, 0), "Shanghai's 08:00 is midnight UTC"
        stamps.append((f"{start:%Y-%m-%d}", suffix))
    return stamps


def _events(history: History, count: int, readers: int, rng: random.Random) -> int:
    from shuyuan.catalog.models import Item, ItemType
    from shuyuan.circulation.models import CirculationEvent
    from shuyuan.patrons.models import PatronCategory

    item_low, item_high = _id_range(Item)
    items = item_high - item_low + 1
    # An item's type and home branch follow from its position (see _items): no need to read them back.
    types = _ids(ItemType)
    collections = 2 * BRANCHES
    categories = _ids(PatronCategory)
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    bands = ("0-6", "7-17", "18-59", "60+")
    days = _day_stamps(history)
    span = len(days)
    day_seconds = 13 * 3600
    draw = rng.random
    branch_ids, point_ids = history.branch_ids, history.point_ids
    home_of = [branch_ids[(offset % collections) // 2] for offset in range(collections)]

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(count):
            offset = int(draw() * items)
            branch_n = int(draw() * BRANCHES)
            point_n = branch_n * 3 + (0 if n % 3 else 1)
            prefix, suffix = days[n * span // count]
            minutes, second = divmod(int(draw() * day_seconds), 60)
            hour, minute = divmod(minutes, 60)
            yield (
                f"{prefix} {hour:02d}:{minute:02d}:{second:02d}{suffix}",
                kinds[int(draw() * len(kinds))],
                "desk" if point_n % 3 == 0 else "kiosk",
                branch_ids[branch_n],
                point_ids[point_n],
                item_low + offset,
                types[offset % len(types)],
                home_of[offset % collections],
                categories[n % len(categories)],
                bands[n % len(bands)],
                f"r{int(draw() * readers):010d}",
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
