"""Daily roll-ups: the additive figures counted once per local day, branch, service point and key of
each stored dimension, so that a year's figure reads a few thousand cells instead of millions of rows.

The build always ends yesterday and resumes where the last run stopped (``RollupState.built_through``).
Rows that arrive later for a built day (back-dated offline transactions, corrected visit counts) carry
ids above those the build had seen: the next run rebuilds their days, and until then a read counts
those days live, so a figure read from the roll-ups always equals the figure counted from the rows.

On PostgreSQL ids are handed out when a transaction asks, not when it commits: a row whose transaction
took its id before a run took its mark and committed after it lies below the mark. Each run therefore
keeps the ids below its mark that had no row ("holes": rolled back, or still uncommitted), and a row that
later appears in one marks its day dirty like a new row; a hole is forgotten once no transaction that
could fill it is still open. One run at a time (``exclusive``).
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, Count, F, Func, Max, Min, Q, Sum
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item, Record
from shuyuan.circulation.models import CirculationEvent
from shuyuan.patrons.models import RegistrationEvent
from shuyuan.stats import sources
from shuyuan.stats.dimensions import key_of
from shuyuan.stats.errors import Reason, StatsRefusal
from shuyuan.stats.models import DailyCount, RollupState
from shuyuan.visits.models import ComputerSession, VisitCount

if TYPE_CHECKING:
    from shuyuan.stats.figures import Measure, Period

Kind = CirculationEvent.Kind
logger = logging.getLogger("shuyuan.stats")
CIRCULATION_KINDS = {
    Kind.CHECKOUT: ("loans", "loans_and_returns"),
    Kind.CHECKIN: ("returns", "loans_and_returns"),
    Kind.RENEWAL: ("renewals",),
    Kind.IN_HOUSE_USE: ("in_house_use",),
}
CIRCULATION_DIMENSIONS = (
    "channel",
    "item_type",
    "collection",
    "clc_class",
    "patron_category",
    "age_band",
    "hour",
    "item_home_branch",
)
REGISTRATION_DIMENSIONS = ("channel", "patron_category", "age_band", "hour")
# measure -> the dimensions stored besides branch, service point and day
STORED: dict[str, tuple[str, ...]] = {
    **{m: CIRCULATION_DIMENSIONS for ms in CIRCULATION_KINDS.values() for m in ms},
    "new_readers": REGISTRATION_DIMENSIONS,
    "visits": (),
}
BY_DAY = ("day", "weekday", "month")
STEP_DAYS = 31
COLUMNS = ("branch", "service_point")


# Which rows each figure depends on, and how to find the days of rows added since the last build.


@dataclass(frozen=True)
class Table:
    name: str
    model: Any
    day_of: Callable[[], Any]  # expression of a row's local day


TABLES = (
    Table("circulation", CirculationEvent, lambda: sources.LocalDate("at")),
    Table("registration", RegistrationEvent, lambda: sources.LocalDate("at")),
    Table("visit_count", VisitCount, lambda: F("day")),
    Table("session", ComputerSession, lambda: F("day")),
)
DEPENDS = {
    **{m: ("circulation",) for m in STORED if m not in ("new_readers", "visits")},
    "new_readers": ("registration",),
    "visits": ("visit_count", "session", "circulation"),
}


def state() -> RollupState:
    return RollupState.objects.order_by("pk").first() or RollupState.objects.create(seen={})


Holes = Mapping[str, list[list[Any]]]  # table -> [[first id, last id, found at (ISO time)], ...]


def in_holes(ranges: Iterable[list[Any]]) -> Q | None:
    """The rows whose ids lie in the ranges: one indexed range read per hole."""
    found = None
    for first, last, *_ in ranges:
        one = Q(pk__range=(first, last))
        found = one if found is None else found | one
    return found


def changed_days(
    seen: Mapping[str, int],
    through: date,
    tables: Iterable[str],
    upto: Mapping[str, int] | None = None,
    holes: Holes | None = None,
) -> set[date]:
    """Local days up to ``through`` with rows added since the ids in ``seen``, or filling its ``holes``."""
    days: set[date] = set()
    for table in TABLES:
        if table.name not in tables:
            continue
        # Only the id range in SQL: with a condition on the time as well, SQLite walked the time index over
        # every older row (0.6 s on 10 M events for each figure read); the new rows are few.
        newer = Q(pk__gt=seen.get(table.name, 0))
        if upto is not None:
            newer &= Q(pk__lte=upto.get(table.name, 0))
        filled = in_holes((holes or {}).get(table.name, []))
        rows = table.model.objects.filter(newer if filled is None else newer | filled)
        found = rows.order_by().annotate(_day=table.day_of()).values_list("_day", flat=True).distinct()
        days.update(d.date() if isinstance(d, datetime) else d for d in found)
    return {day for day in days if day <= through}


# Reading --------------------------------------------------------------------------------------------


def is_rolled(measure: Measure, by: tuple[str, ...], filters: Mapping[str, Any]) -> str | None:
    """The stored dimension a question needs ("" for none), or None when the roll-ups cannot answer it."""
    if measure.name not in STORED:
        return None
    needed = {d for d in (*by, *filters) if d not in COLUMNS and d not in BY_DAY}
    if len(needed) > 1:
        return None
    if not needed:
        return ""
    (dimension,) = needed
    return dimension if dimension in STORED[measure.name] else None


def counts(
    measure: Measure,
    period: Period,
    by: tuple[str, ...],
    *,
    branch: Branch | None,
    filters: Mapping[str, Any],
    live: Callable[..., dict[tuple[str, ...], int]],
) -> dict[tuple[str, ...], int]:
    dimension = is_rolled(measure, by, filters)
    if dimension is None or period.first >= timezone.localdate():
        # The build ends yesterday at the latest: today (the live board) is counted from the rows.
        return live(measure, period, by, branch=branch, filters=filters)
    current = RollupState.objects.order_by("pk").first()
    if dimension is None or current is None or current.built_through is None or current.built_through < period.first:
        return live(measure, period, by, branch=branch, filters=filters)
    from shuyuan.stats.figures import Period

    rolled_last = min(period.last, current.built_through)
    stale = changed_days(current.seen, rolled_last, DEPENDS[measure.name], holes=current.holes)
    stale = {d for d in stale if period.first <= d}
    answer: dict[tuple[str, ...], int] = defaultdict(int)
    for key, n in _from_cells(measure.name, dimension, period.first, rolled_last, stale, by, branch, filters).items():
        answer[key] += n
    live_periods = [Period(d, d) for d in sorted(stale)]
    if rolled_last < period.last:
        live_periods.append(Period(rolled_last + timedelta(days=1), period.last))
    for part in live_periods:
        for key, n in live(measure, part, by, branch=branch, filters=filters).items():
            answer[key] += n
    return {key: n for key, n in answer.items() if n}


def _from_cells(
    name: str,
    dimension: str,
    first: date,
    last: date,
    skipped: set[date],
    by: tuple[str, ...],
    branch: Branch | None,
    filters: Mapping[str, Any],
) -> dict[tuple[str, ...], int]:
    cells = DailyCount.objects.filter(measure=name, dimension=dimension, day__range=(first, last))
    if skipped:
        cells = cells.exclude(day__in=skipped)
    if branch is not None:
        cells = cells.filter(branch_id=branch.pk)
    for column in COLUMNS:
        if column in filters:
            cells = cells.filter(**{f"{column}_id": filters[column] or 0})
    if dimension and dimension in filters:
        cells = cells.filter(key=key_of(filters[dimension], dimension))
    if "day" in filters:
        cells = cells.filter(day=filters["day"])
    day_dimensions = {d for d in (*by, *filters) if d in BY_DAY}
    by_month = day_dimensions == {"month"}  # a year by month: twelve keys a branch, not 365 days
    needs_day = bool(day_dimensions) and not by_month
    group = [f"{d}_id" for d in COLUMNS if d in by]
    if dimension in by:
        group.append("key")
    if by_month:
        cells = cells.annotate(_month=MonthOf("day"))
        group.append("_month")
    if needs_day:
        group.append("day")
    if not group:
        total = cells.aggregate(n=Sum("value"))["n"]
        return {(): int(total)} if total else {}
    answer: dict[tuple[str, ...], int] = defaultdict(int)
    for row in cells.order_by().values(*group).annotate(n=Sum("value")):
        keys = dict(_day_keys(row["day"])) if needs_day else {"month": row["_month"]} if by_month else {}
        if any(keys[d] != key_of(filters[d], d) for d in ("weekday", "month") if d in filters):
            continue
        for column in COLUMNS:
            if column in by:
                keys[column] = "" if row[f"{column}_id"] == 0 else str(row[f"{column}_id"])
        if dimension in by:
            keys[dimension] = row["key"]
        answer[tuple(keys[d] for d in by)] += int(row["n"])
    return dict(answer)


class MonthOf(Func):
    """The month of a date column as its key reads (2016-03), in SQL."""

    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"substr({sql}, 1, 7)", params  # SQLite keeps dates as text: 2016-03-01

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql}, 'YYYY-MM')", params


def _day_keys(day: date) -> dict[str, str]:
    return {"day": day.isoformat(), "weekday": str(day.isoweekday()), "month": f"{day:%Y-%m}"}


# Building -------------------------------------------------------------------------------------------


def _fold_groups(
    totals: dict[tuple[date, str, int, int, str, str], int],
    rows: Iterable[dict[str, Any]],
    dimensions: tuple[str, ...],
    measures_of: Callable[[dict[str, Any]], Iterable[str]],
) -> None:
    """Add rows grouped by day and every stored dimension at once into the total and each dimension's cells."""
    for row in rows:
        day, branch, point, n = row["_day"], row["branch_id"], row["service_point_id"] or 0, row["n"]
        day = day.date() if isinstance(day, datetime) else day
        for measure in measures_of(row):
            totals[(day, measure, branch, point, "", "")] += n
            for dimension in dimensions:
                totals[(day, measure, branch, point, dimension, key_of(row[f"_d_{dimension}"], dimension))] += n


def _grouped(rows: Any, spec: sources.Rows, dimensions: tuple[str, ...], *fields: str) -> Any:
    names = {f"_d_{d}": spec.expression(d) for d in dimensions}
    return (
        rows.order_by()
        .annotate(_day=spec.expression("day"), **names)
        .values("_day", *fields, "branch_id", "service_point_id", *names)
        .annotate(n=Count("pk"))
    )


def cells_of_days(first: date, last: date) -> list[DailyCount]:
    """Every roll-up cell of the local days from ``first`` to ``last``, counted from the rows, folded here
    into the total and each stored dimension's cells of each day."""
    return [
        DailyCount(day=day, measure=m, branch_id=b, service_point_id=sp, dimension=d, key=k, value=n)
        for (day, m, b, sp, d, k), n in _totals(first, last).items()
    ]


Cells = dict[tuple[date, str, int, int, str, str], int]


def _totals(first: date, last: date) -> Cells:
    totals: Cells = defaultdict(int)
    if not _circulation_by_sql(totals, first, last):
        start, end = sources.bounds(first, last)
        events = CirculationEvent.objects.filter(kind__in=list(CIRCULATION_KINDS), at__gte=start, at__lt=end)
        _fold_groups(
            totals,
            _grouped(events, sources.ROWS["loans"], CIRCULATION_DIMENSIONS, "kind").iterator(chunk_size=10_000),
            CIRCULATION_DIMENSIONS,
            lambda row: CIRCULATION_KINDS[row["kind"]],
        )
    registrations = sources.ROWS["new_readers"]
    _fold_groups(
        totals,
        _grouped(registrations.within(first, last), registrations, REGISTRATION_DIMENSIONS),
        REGISTRATION_DIMENSIONS,
        lambda row: ("new_readers",),
    )
    from shuyuan.stats.figures import Period, visit_facts

    for keys, n in visit_facts(Period(first, last), None):
        day = date.fromisoformat(keys["day"])
        totals[(day, "visits", int(keys["branch"]), int(keys["service_point"]), "", "")] += n
    return {(day, m, b, sp, d, k[:40]): n for (day, m, b, sp, d, k), n in totals.items() if n}


# The circulation events' cells, one GROUP BY per stored dimension (benchmark: bench.stats, the initial and
# the nightly roll-up). Through the ORM the local day and hour of each event are Python functions on SQLite
# (Django's timezone support), called twice per row; here they are SQL. Each key reads as ``key_of`` reads
# the ORM's value (None -> "", numbers as text): the property test holds the two equal.
_EVENT_KEYS = {
    "channel": "e.channel",
    "item_type": "e.item_type_id",
    "collection": "i.collection_id",
    "clc_class": "UPPER(SUBSTR(r.clc, 1, 1))",
    "patron_category": "e.patron_category_id",
    "age_band": "e.age_band",
    "hour": "{hour}",
    "item_home_branch": "e.item_home_branch_id",
}


def _local_time_sql(first: date, last: date) -> tuple[str, str, list[Any]] | None:
    """SQL for an event's local day and hour, and their parameters; None when SQLite would need the time
    zone's rules (an offset that changes within the days: daylight saving)."""
    zone = timezone.get_current_timezone()
    if connection.vendor == "postgresql":
        return "(e.at AT TIME ZONE %s)::date", "EXTRACT(HOUR FROM e.at AT TIME ZONE %s)::integer", [zone.key]
    if connection.vendor != "sqlite":
        return None
    offsets = {
        datetime.combine(first + timedelta(days=n), datetime.min.time(), tzinfo=zone).utcoffset()
        for n in range((last - first).days + 2)
    }
    if len(offsets) != 1:
        return None
    shift = f"{int(offsets.pop().total_seconds() // 60):+d} minutes"  # type: ignore[union-attr]
    return "date(e.at, %s)", "CAST(strftime('%%H', e.at, %s) AS INTEGER)", [shift]


def _circulation_by_sql(totals: Cells, first: date, last: date) -> bool:
    local = _local_time_sql(first, last)
    if local is None:
        return False
    day_sql, hour_sql, zone_params = local
    start, end = sources.bounds(first, last)
    adapt = connection.ops.adapt_datetimefield_value
    kinds = list(CIRCULATION_KINDS)
    kind_marks = ", ".join(["%s"] * len(kinds))
    events = fastsql.table(CirculationEvent)
    items, records = fastsql.table(Item), fastsql.table(Record)
    for dimension in ("", *CIRCULATION_DIMENSIONS):
        key = _EVENT_KEYS.get(dimension, "''").format(hour=hour_sql)
        joins = ""
        if dimension in ("collection", "clc_class"):
            joins = f" LEFT JOIN {items} i ON i.id = e.item_id"
        if dimension == "clc_class":
            joins += f" LEFT JOIN {records} r ON r.id = i.record_id"
        key_params = zone_params if dimension == "hour" else []
        sql = (
            f"SELECT {day_sql}, e.kind, e.branch_id, e.service_point_id, {key}, count(*) FROM {events} e{joins} "
            f"WHERE e.kind IN ({kind_marks}) AND e.at >= %s AND e.at < %s GROUP BY 1, 2, 3, 4, 5"
        )
        params = [*zone_params, *key_params, *kinds, adapt(start), adapt(end)]
        for day, kind, branch, point, value, n in fastsql.fetch_report(sql, params):
            on = day if isinstance(day, date) else date.fromisoformat(day)
            text = key_of(value, dimension) if dimension else ""
            for measure in CIRCULATION_KINDS[kind]:
                totals[(on, measure, branch, point or 0, dimension, text)] += n
    return True


def cells_of_day(day: date) -> list[DailyCount]:
    """Every roll-up cell of one local day, counted from the rows."""
    return cells_of_days(day, day)


@transaction.atomic(durable=True)
def build_days(
    first: date, last: date, *, advance: bool, seen: Mapping[str, int] | None = None, holes: Holes | None = None
) -> int:
    """Replace the cells of the days from ``first`` to ``last``; ``advance``: they are the next days of the
    build, which now reaches ``last``; ``seen`` and ``holes``: the last row ids of each table when this run
    began and the ids below them that had no row (the days changed before them are rebuilt already), kept
    with the progress so that a stopped run resumes without rebuilding what it built."""
    totals = _totals(first, last)
    DailyCount.objects.filter(day__range=(first, last)).delete()
    adapt = connection.ops.adapt_datefield_value
    fastsql.copy_rows(
        DailyCount,
        ("day", "measure", "branch_id", "service_point_id", "dimension", "key", "value"),
        [(adapt(day), m, b, sp, d, k, n) for (day, m, b, sp, d, k), n in totals.items()],
    )
    if advance:
        done: dict[str, Any] = {"built_through": last, "updated_at": timezone.now()}
        if seen is not None:
            done["seen"] = dict(seen)
            done["holes"] = dict(holes or {})
        RollupState.objects.filter(pk=state().pk).update(**done)
    return len(totals)


def build_day(day: date, *, advance: bool) -> int:
    return build_days(day, day, advance=advance)


@dataclass
class Report:
    rebuilt: list[date]
    built: list[date]
    cells: int

    @property
    def through(self) -> date | None:
        return state().built_through


def first_day() -> date | None:
    """The earliest local day of any rolled-up row."""
    days = [
        CirculationEvent.objects.aggregate(m=Min("at"))["m"],
        RegistrationEvent.objects.aggregate(m=Min("at"))["m"],
        VisitCount.objects.aggregate(m=Min("day"))["m"],
        ComputerSession.objects.aggregate(m=Min("day"))["m"],
    ]
    found = [timezone.localdate(d) if isinstance(d, datetime) else d for d in days if d is not None]
    return min(found) if found else None


def run(*, today: date, limit: int | None = None, progress: Callable[[date], None] | None = None) -> Report:
    """Bring the roll-ups up to yesterday: first rebuild built days that got rows since the last run,
    then build the days after the last built one, a month at most per transaction (so a stopped run
    resumes after the last month it finished). ``limit``: build at most that many new days. Refused
    (``StatsRefusal``) while another run is going on."""
    with exclusive():
        return _run(today=today, limit=limit, progress=progress)


def _run(*, today: date, limit: int | None, progress: Callable[[date], None] | None) -> Report:
    from shuyuan.stats.figures import Period

    current = state()
    open_since = _oldest_open_transaction()  # before the holes are read: see _holes_after
    upto = {t.name: t.model.objects.aggregate(m=Max("pk"))["m"] or 0 for t in TABLES}
    holes = _holes_after(current, upto, open_since)
    report = Report([], [], 0)
    if current.built_through is not None:
        stale = changed_days(current.seen, current.built_through, [t.name for t in TABLES], upto, current.holes)
        for changed in sorted(stale):
            report.cells += build_day(changed, advance=False)
            report.rebuilt.append(changed)
            if progress:
                progress(changed)
    start = current.built_through + timedelta(days=1) if current.built_through else first_day()
    yesterday = today - timedelta(days=1)
    day = start
    while day is not None and day <= yesterday and (limit is None or len(report.built) < limit):
        # A month at most per transaction: one grouped statement per table instead of one per day, and a
        # stopped run loses at most that month's work.
        room = STEP_DAYS if limit is None else min(STEP_DAYS, limit - len(report.built))
        last = min(yesterday, day + timedelta(days=room - 1))
        report.cells += build_days(day, last, advance=True, seen=upto, holes=holes)
        report.built += list(Period(day, last).each_day())
        if progress:
            progress(last)
        day = last + timedelta(days=1)
    RollupState.objects.filter(pk=current.pk).update(seen=upto, holes=holes, updated_at=timezone.now())
    return report


# Late rows (PostgreSQL) ------------------------------------------------------------------------------


def _holes_after(current: RollupState, upto: Mapping[str, int], open_since: datetime | None) -> dict[str, Any]:
    """The holes to keep once this run has taken its mark ``upto``: those recorded before, less the ids
    that now have a row (this run rebuilds their days: ``changed_days`` reads the recorded holes) and less
    the holes no open transaction can fill any more (every transaction open when ``open_since`` was read
    began after the hole was found: the one that took the id has ended, and its row, if it committed, is
    read here), and the ids up to the new mark with no row now. Nothing on SQLite, whose one writer at a
    time commits its ids before the next writer takes any."""
    if connection.vendor != "postgresql":
        return {}
    found_at = fastsql.fetch_one("SELECT clock_timestamp()", [])[0].isoformat()  # type: ignore[index]
    holes: dict[str, Any] = {}
    for table in TABLES:
        kept = []
        recorded = current.holes.get(table.name, [])
        filled = in_holes(recorded)
        present = set(table.model.objects.filter(filled).values_list("pk", flat=True)) if filled else set()
        for first, last, when in recorded:
            if open_since is not None and datetime.fromisoformat(when) >= open_since:
                kept += [[a, b, when] for a, b in _without(first, last, present)]
        kept += [[a, b, found_at] for a, b in _missing(table, current.seen.get(table.name, 0), upto[table.name])]
        if kept:
            holes[table.name] = kept
    return holes


def _without(first: int, last: int, present: set[int]) -> list[tuple[int, int]]:
    """The range first..last less the ids present, as ranges."""
    ranges, start = [], first
    for taken in sorted(i for i in present if first <= i <= last):
        if taken > start:
            ranges.append((start, taken - 1))
        start = taken + 1
    if start <= last:
        ranges.append((start, last))
    return ranges


def _missing(table: Table, above: int, upto: int) -> list[tuple[int, int]]:
    """The id ranges in (above, upto] with no row, from the index on the ids alone (the night's new ids)."""
    if upto <= above:
        return []
    name, pk = fastsql.table(table.model), connection.ops.quote_name(table.model._meta.pk.column)
    sql = (
        f"SELECT previous + 1, id - 1 FROM (SELECT {pk} AS id, lag({pk}, 1, %s) OVER (ORDER BY {pk}) AS previous "
        f"FROM {name} WHERE {pk} > %s AND {pk} <= %s) ids WHERE id > previous + 1 "
        f"UNION ALL SELECT coalesce(max({pk}), %s) + 1, %s FROM {name} WHERE {pk} > %s AND {pk} <= %s "
        f"HAVING coalesce(max({pk}), %s) < %s"
    )
    rows = fastsql.fetch_report(sql, [above, above, upto, above, upto, above, upto, above, upto])
    return [(int(a), int(b)) for a, b in rows]


def _oldest_open_transaction() -> datetime | None:
    """When the oldest transaction still open on this database, other than this session's, began. A
    session of another role whose activity this one may not read (no ``pg_read_all_stats``) shows no
    state: it could hold an open transaction, so every hole is kept while it is there."""
    if connection.vendor != "postgresql":
        return None
    row = fastsql.fetch_one(
        "SELECT min(xact_start), bool_or(state IS NULL) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        [],
    )
    if row is None:
        return None
    oldest, hidden = row
    return datetime.min.replace(tzinfo=UTC) if hidden else oldest


# One run at a time -----------------------------------------------------------------------------------

# PostgreSQL advisory locks are per database: this key is the roll-up's in Shuyuan's database.
ADVISORY_KEY = 0x5359_524F_4C4C  # "SYROLL"


@contextmanager
def exclusive() -> Iterator[None]:
    """Hold the roll-up's lock while the block runs, or refuse at once (``StatsRefusal``) when another
    run holds it. Both locks belong to the holder's life, not to a clock: PostgreSQL's session advisory
    lock is the database's (a run from any host) and the server lets go when the session ends, however
    the process died; on SQLite every process is on this machine, and the kernel lets go of a flock on a
    file beside the database when the holding process dies. A lease row would need a heartbeat and a
    guess at staleness instead."""
    if connection.vendor == "postgresql":
        taken = fastsql.fetch_one("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
        if not taken or not taken[0]:
            raise StatsRefusal(Reason.ROLLUP_RUNNING)
        try:
            yield
        finally:
            try:
                released = fastsql.fetch_one("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
            except DatabaseError:  # an aborted transaction or a lost session: the error on its way out says so
                released = (True,)
            if not released or not released[0]:  # through a pooler that changes sessions (README, operations)
                logger.warning("event=rollup_lock_lost detail=%s", "the session that took the lock is not this one")
        return
    descriptor = os.open(lock_path(), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StatsRefusal(Reason.ROLLUP_RUNNING) from None
        yield
    finally:
        os.close(descriptor)  # lets go of the lock with it


def lock_path() -> str:
    """The SQLite database's roll-up lock file, beside it."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return os.path.join(tempfile.gettempdir(), f"shuyuan-rollup-{os.getpid()}.lock")  # one process sees it
    return f"{name}-rollup.lock"
