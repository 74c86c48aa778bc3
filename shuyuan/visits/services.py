"""Every write of the visits app: counts (desk tallies, people counters by file and by API, and
their corrections), e-reading-room sessions, and e-resource usage imports. Each is one transaction;
a refusal is a ``VisitsRefused`` and leaves nothing behind."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from operator import attrgetter
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.audit.log import record
from shuyuan.branches.models import ServicePoint
from shuyuan.devices import queries as device_queries
from shuyuan.devices.models import Device
from shuyuan.patrons.models import Patron
from shuyuan.visits import queries, rules
from shuyuan.visits.conf import visits_settings
from shuyuan.visits.errors import Reason, VisitsRefused
from shuyuan.visits.models import (
    Computer,
    ComputerSession,
    CounterImport,
    CounterModel,
    EResourceImport,
    EResourcePlatform,
    EResourceUsage,
    VisitCount,
)


def by_label(by: Any) -> str:
    if by is None:
        return ""
    if isinstance(by, Device):
        return f"device:{by.username}"
    return str(getattr(by, "username", by))[:150]


def _check_day(day: date, at: datetime) -> None:
    if day > timezone.localdate(at):
        raise VisitsRefused(Reason.FUTURE, when=day.isoformat())


# Desk tallies and corrections -------------------------------------------------------------------


@transaction.atomic(durable=True)
def tally(service_point: ServicePoint, *, amount: int, day: date, at: datetime, by: Any, note: str = "") -> VisitCount:
    """People counted at a desk or room without a counter: the "+1 / +10" button, or the day's
    figure entered from a paper tally sheet. Each press is its own row."""
    rules.check_count(amount)
    _check_day(day, at)
    return VisitCount.objects.create(
        service_point=service_point,
        day=day,
        count=amount,
        source=VisitCount.Source.DESK,
        entered_at=at,
        by_label=by_label(by),
        note=note[:200],
    )


@transaction.atomic(durable=True)
def correct(count: VisitCount, *, new_count: int, at: datetime, by: Any, note: str = "") -> VisitCount:
    """A corrected figure is a new row that replaces the old one; the old one stays as history."""
    rules.check_count(new_count)
    locked = VisitCount.objects.select_for_update().get(pk=count.pk)
    if VisitCount.objects.filter(replaces=locked).exists():
        raise VisitsRefused(Reason.ALREADY_CORRECTED)
    correction = _correction(locked, new_count, at=at, by=by, note=note)
    record(
        "visits.correct_count",
        at=at,
        by=by,
        obj=correction,
        detail={
            "service_point": locked.service_point.code,
            "day": locked.day.isoformat(),
            "from": locked.count,
            "to": new_count,
        },
    )
    return correction


def _correction(old: VisitCount, new_count: int, *, at: datetime, by: Any, note: str = "", **fields: Any) -> VisitCount:
    return VisitCount.objects.create(
        service_point_id=old.service_point_id,
        day=old.day,
        count=new_count,
        source=fields.pop("source", old.source),
        gate=old.gate,
        interval_start=old.interval_start,
        interval_end=old.interval_end,
        revision=old.revision + 1,
        replaces=old,
        entered_at=at,
        by_label=by_label(by),
        note=note[:200],
        **fields,
    )


# People counters: through the API ---------------------------------------------------------------


@dataclass(frozen=True)
class CounterPost:
    count: VisitCount
    created: bool


def post_counter(
    device: Device,
    *,
    service_point: ServicePoint,
    gate: str,
    start: datetime,
    end: datetime,
    count: int,
    at: datetime,
) -> CounterPost:
    """One gate's count for one interval, from a people counter. Posting the same again changes
    nothing (the counter may resend after a lost answer); a different figure for the same interval
    is a correction, kept as history. ``device`` may be the API's copy of the device: it is checked
    against its row inside the transaction that stores the count (``Reason.DEVICE_CHANGED``)."""
    if service_point.branch_id != device.branch_id:
        raise VisitsRefused(Reason.FOREIGN_POINT)
    rules.check_count(count)
    rules.check_interval(start, end, now=at)
    try:
        return _post_counter(device, service_point, gate, start, end, count, at)
    except IntegrityError:
        # Another post of the same interval won the race (PostgreSQL); read what it wrote.
        return _post_counter(device, service_point, gate, start, end, count, at)


_LATEST_NAMES = (
    "id",
    "service_point_id",
    "day",
    "count",
    "source",
    "gate",
    "interval_start",
    "interval_end",
    "intervals",
    "revision",
)


def _latest_sql(wrapper: Any) -> str:
    # The gate's current row that starts last before the end of a new interval (see _post_counter).
    v = [f"v.{fastsql.column(VisitCount, name)}" for name in _LATEST_NAMES]
    table = fastsql.table(VisitCount)
    return (
        f"SELECT {', '.join(v)} FROM {table} v WHERE v.service_point_id = %s AND v.gate = %s"
        f" AND v.interval_start < %s AND NOT EXISTS (SELECT 1 FROM {table} r WHERE r.replaces_id = v.id)"
        " ORDER BY v.interval_start DESC, v.revision DESC LIMIT 1"
    )


@transaction.atomic(durable=True)
def _post_counter(
    device: Device,
    point: ServicePoint,
    gate: str,
    start: datetime,
    end: datetime,
    count: int,
    at: datetime,
) -> CounterPost:
    if not device_queries.is_current(device):
        raise VisitsRefused(Reason.DEVICE_CHANGED)
    # One step down the (service point, gate, start) index answers both questions: the gate's current
    # row that starts last before ``end`` is this interval's own row when it starts at ``start`` (a
    # resubmission or a correction), and otherwise the only row that could overlap the new one, as
    # the rows of one gate do not overlap (a file's gate-day row spans all its intervals). Prepared
    # statements (fastsql): the ORM's compiling took longer than the database (bench/visits).
    found = fastsql.fetch_one(fastsql.prepared(_latest_sql), [point.pk, gate, fastsql.db_datetime(end)])
    latest = None if found is None else fastsql.build(VisitCount, _LATEST_NAMES, found)
    if latest is not None and latest.interval_start == start and not latest.intervals:
        if latest.count == count and latest.interval_end == end:
            return CounterPost(latest, False)
        return CounterPost(
            _correction(
                latest,
                count,
                at=at,
                by=device,
                source=VisitCount.Source.COUNTER_DEVICE,
                device=device,
            ),
            True,
        )
    if latest is not None and latest.interval_end is not None and latest.interval_end > start:
        raise VisitsRefused(Reason.OVERLAPPING, gate=gate, start=f"{timezone.localtime(start):%Y-%m-%d %H:%M}")
    row = fastsql.insert(
        VisitCount(
            service_point=point,
            day=timezone.localdate(start),
            count=count,
            source=VisitCount.Source.COUNTER_DEVICE,
            gate=gate,
            interval_start=start,
            interval_end=end,
            device=device,
            entered_at=at,
            by_label=by_label(device),
        )
    )
    return CounterPost(row, True)


# People counters: CSV files ---------------------------------------------------------------------


def mapping_of(model: CounterModel) -> rules.CounterMapping:
    return rules.CounterMapping(
        gate=model.gate_column,
        start=model.start_column,
        end=model.end_column,
        count=model.count_column,
        interval_minutes=model.interval_minutes,
        datetime_format=model.datetime_format,
    )


@dataclass(frozen=True)
class _Known:
    """One interval already counted: its figure, its end (naive local) and the current row holding it."""

    count: int
    end: datetime
    row: VisitCount


def _known_intervals(point: ServicePoint, first: datetime, last: datetime, zone: tzinfo) -> dict[Any, _Known]:
    """The current counts of the point's gates between two times, by (gate, naive local start), a
    file's gate-day row unpacked into its intervals."""
    known: dict[Any, _Known] = {}
    rows = VisitCount.objects.filter(
        service_point=point, interval_start__lt=last, interval_end__gt=first, replaced_by__isnull=True
    ).only("gate", "day", "count", "interval_start", "interval_end", "intervals", "revision", "source")
    for row in rows:
        assert row.interval_start is not None and row.interval_end is not None
        spans = (
            rules.unpack_intervals(row.interval_start, row.intervals)
            if row.intervals
            else [(row.interval_start, row.interval_end, row.count)]
        )
        for start, end, n in spans:
            local = timezone.localtime(start, zone).replace(tzinfo=None)
            known[row.gate, local] = _Known(n, timezone.localtime(end, zone).replace(tzinfo=None), row)
    return known


@transaction.atomic(durable=True)
def import_counter_file(
    text: str,
    *,
    counter_model: CounterModel,
    service_point: ServicePoint,
    file_name: str,
    at: datetime,
    by: Any,
) -> CounterImport:
    """A people counter's CSV export, all or nothing. An interval already counted with the same
    figure is left alone (a file imported twice adds nothing); with another figure it is corrected.
    Each gate's day is one row with its intervals packed (``VisitCount.intervals``); a correction of
    such a day is a new row for the whole day that replaces the old one."""
    zone = timezone.get_current_timezone()
    now = timezone.localtime(at, zone).replace(tzinfo=None)
    lines = rules.parse_counter_file(text, mapping_of(counter_model), now=now)
    aware = _LocalTimes(zone)
    first, last = aware(min(ln.start for ln in lines)), aware(max(ln.end for ln in lines))
    known = _known_intervals(service_point, first, last, zone)
    new_lines, corrections = lines, []
    if known:
        new_lines = []
        for ln in lines:
            old = known.get((ln.gate, ln.start))
            if old is None:
                new_lines.append(ln)
            elif old.count != ln.people or old.end != ln.end:
                corrections.append(ln)
        rules.check_no_overlap(
            [(ln.gate, ln.start, ln.end) for ln in new_lines] + [(g, s, k.end) for (g, s), k in known.items()]
        )
    batch = CounterImport.objects.create(
        counter_model=counter_model,
        service_point=service_point,
        file_name=file_name[:200],
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        first_at=first,
        last_at=last,
        lines=len(lines),
        added=len(new_lines),
        corrected=len(corrections),
        imported_at=at,
        by_label=by_label(by),
    )
    _store_counts(new_lines, corrections, known, point=service_point, batch=batch, at=at, by=by, zone=zone)
    record(
        "visits.import_counter_file",
        at=at,
        by=by,
        obj=batch,
        detail={
            "file": batch.file_name,
            "service_point": service_point.code,
            "lines": len(lines),
            "added": len(new_lines),
            "corrected": len(corrections),
        },
    )
    return batch


def _store_counts(
    new_lines: list[rules.CounterLine],
    corrections: list[rules.CounterLine],
    known: dict[Any, _Known],
    *,
    point: ServicePoint,
    batch: CounterImport,
    at: datetime,
    by: Any,
    zone: tzinfo,
) -> None:
    """The file's new and corrected intervals, by gate-day. A gate-day counted before is corrected
    as it was stored: a packed day by a new packed row, a day of single intervals interval by interval."""
    days_known: dict[tuple[str, date], VisitCount] = {}
    for (gate, start), k in known.items():
        days_known.setdefault((gate, start.date()), k.row)
    fresh: dict[tuple[str, date], list[rules.CounterLine]] = defaultdict(list)
    changed: dict[int, tuple[VisitCount, list[rules.CounterLine]]] = {}
    singles: list[rules.CounterLine] = []
    day_of: dict[datetime, date] = {}
    for ln in new_lines:
        day = day_of.get(ln.start)
        if day is None:
            day = day_of[ln.start] = ln.start.date()
        row = days_known.get((ln.gate, day)) if days_known else None
        if row is None:
            fresh[ln.gate, day].append(ln)
        elif row.intervals:
            changed.setdefault(row.pk, (row, []))[1].append(ln)
        else:
            singles.append(ln)
    for ln in corrections:
        row = known[ln.gate, ln.start].row
        if row.intervals:
            changed.setdefault(row.pk, (row, []))[1].append(ln)
        else:
            _correction(row, ln.people, at=at, by=by, source=VisitCount.Source.COUNTER_FILE, counter_import=batch)
    local = _LocalTimes(zone)
    for row, day_lines in changed.values():
        _correct_day(row, day_lines, local, at=at, by=by, batch=batch)
    singles.extend(group[0] for group in fresh.values() if len(group) == 1)
    _insert_days([g for g in fresh.values() if len(g) > 1], point=point, batch=batch, at=at, by=by, local=local)
    _insert_days([[ln] for ln in singles], point=point, batch=batch, at=at, by=by, local=local)


def _correct_day(
    row: VisitCount, lines: list[rules.CounterLine], local: _LocalTimes, *, at: datetime, by: Any, batch: CounterImport
) -> None:
    assert row.interval_start is not None
    spans = {start: (end, n) for start, end, n in rules.unpack_intervals(row.interval_start, row.intervals)}
    for ln in lines:
        spans[local(ln.start)] = (local(ln.end), ln.people)
    ordered = sorted((start, end, n) for start, (end, n) in spans.items())
    correction = _correction(
        row, sum(n for _s, _e, n in ordered), at=at, by=by, source=VisitCount.Source.COUNTER_FILE, counter_import=batch
    )
    correction.interval_start, correction.interval_end = ordered[0][0], max(end for _s, end, _n in ordered)
    correction.intervals = rules.pack_intervals(ordered[0][0], ordered)
    correction.save(update_fields=["interval_start", "interval_end", "intervals"])


class _LocalTimes:
    """Naive local wall-clock times made aware, with each hour's UTC offset looked up once
    (zoneinfo's look-up is the slow part of 700 000 lines)."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.offsets: dict[datetime, timedelta] = {}

    def offset(self, naive: datetime) -> timedelta:
        hour = naive.replace(minute=0, second=0, microsecond=0)
        found = self.offsets.get(hour)
        if found is None:
            found = self.offsets[hour] = hour.replace(tzinfo=self.zone).utcoffset() or timedelta(0)
        return found

    def __call__(self, naive: datetime) -> datetime:
        return (naive - self.offset(naive)).replace(tzinfo=UTC)


_DAY_COLUMNS = (
    "service_point_id",
    "day",
    "count",
    "source",
    "gate",
    "interval_start",
    "interval_end",
    "intervals",
    "revision",
    "counter_import_id",
    "note",
    "entered_at",
    "by_label",
)


def _insert_days(
    days: list[list[rules.CounterLine]],
    *,
    point: ServicePoint,
    batch: CounterImport,
    at: datetime,
    by: Any,
    local: _LocalTimes,
) -> None:
    """One row per gate-day, its intervals packed (a single interval: an ordinary row), through
    prepared multi-row statements (bench/visits names this path: a year of 20 gates is 7 320 rows).
    Every gate counts the same intervals: each time is converted, and each interval's place in its
    day formatted, once (``rules.IntervalPacker``), not once per gate."""
    ops = connection.ops
    entered, label, source = ops.adapt_datetimefield_value(at), by_label(by), VisitCount.Source.COUNTER_FILE
    stored: dict[datetime, Any] = {}

    def db_time(naive: datetime) -> Any:
        found = stored.get(naive)
        if found is None:
            found = stored[naive] = ops.adapt_datetimefield_value(local(naive))
        return found

    packer, rows = rules.IntervalPacker(local), []
    for group in days:
        group.sort(key=_START)
        first, last = group[0].start, max(ln.end for ln in group)
        rows.append(
            (
                point.pk,
                ops.adapt_datefield_value(first.date()),
                sum(ln.people for ln in group),
                source,
                group[0].gate,
                db_time(first),
                db_time(last),
                packer.pack_lines(group) if len(group) > 1 else "",
                1,
                batch.pk,
                "",
                entered,
                label,
            )
        )
    fastsql.copy_rows(VisitCount, _DAY_COLUMNS, rows)


_START = attrgetter("start")


# The e-reading room -----------------------------------------------------------------------------


def _reader_facts(patron: Patron, day: date) -> bool:
    if patron.status != Patron.Status.ACTIVE:
        raise VisitsRefused(Reason.READER_NOT_ACTIVE)
    age = patron.age_on(day)
    return age is not None and age < visits_settings().adult_age


def _check_room(computer: Computer) -> None:
    if computer.service_point.kind != ServicePoint.Kind.E_READING_ROOM:
        raise VisitsRefused(Reason.NOT_E_READING_ROOM)
    if not computer.is_enabled:
        raise VisitsRefused(Reason.COMPUTER_DISABLED)


@transaction.atomic(durable=True)
def start_session(
    computer: Computer,
    patron: Patron,
    *,
    at: datetime,
    by: Any,
    client_ref: str = "",
) -> ComputerSession:
    """A reader sits down at a PC. A minor gets what is left of the day's minutes; every session
    ends at closing time at the latest."""
    if client_ref and isinstance(by, Device):
        earlier = ComputerSession.objects.filter(device=by, client_ref=client_ref).first()
        if earlier is not None:
            return earlier
    # The reader first: two PCs starting a session for one card at once are served one after the other,
    # so the second sees the first (one PC at a time, a minor's minutes counted once).
    Patron.objects.select_for_update().filter(pk=patron.pk).values_list("pk", flat=True).first()
    computer = Computer.objects.select_for_update().select_related("service_point").get(pk=computer.pk)
    _check_room(computer)
    day = timezone.localdate(at)
    is_minor = _reader_facts(patron, day)
    closes = queries.closing_time(computer.service_point, day)
    if closes is None or at >= closes or not queries.is_open_on(computer.service_point, day):
        raise VisitsRefused(Reason.ROOM_CLOSED)
    if ComputerSession.objects.filter(computer=computer, ended_at__isnull=True).exists():
        raise VisitsRefused(Reason.COMPUTER_BUSY)
    busy = ComputerSession.objects.filter(reader_token=patron.reader_token, ended_at__isnull=True).first()
    if busy is not None:
        raise VisitsRefused(Reason.READER_BUSY, computer=busy.computer.name)
    left = None
    if is_minor:
        limit = visits_settings().minor_daily_minutes
        left = rules.minutes_left(limit, queries.minutes_used(patron.reader_token, day, at=at))
        if left <= 0:
            raise VisitsRefused(Reason.MINOR_TIME_USED, minutes=limit)
    return ComputerSession.objects.create(
        computer=computer,
        service_point=computer.service_point,
        reader_token=patron.reader_token,
        is_minor=is_minor,
        day=day,
        started_at=at,
        must_end_at=rules.session_deadline(at, closes_at=closes, minor_minutes_left=left),
        source=ComputerSession.Source.CLIENT if isinstance(by, Device) else ComputerSession.Source.STAFF,
        client_ref=client_ref[:60],
        device=by if isinstance(by, Device) else None,
        by_label=by_label(by),
    )


@transaction.atomic(durable=True)
def end_session(session: ComputerSession, *, at: datetime, by: Any) -> ComputerSession:
    locked = ComputerSession.objects.select_for_update().get(pk=session.pk)
    if locked.ended_at is not None:
        if isinstance(by, Device):
            return locked  # the client resent its log-out
        raise VisitsRefused(Reason.SESSION_CLOSED)
    if at < locked.started_at:
        raise VisitsRefused(Reason.SESSION_REVERSED)
    _close(locked, at)
    return locked


def _close(session: ComputerSession, at: datetime) -> None:
    reason = ComputerSession.EndReason.LOGGED_OUT
    if session.must_end_at is not None and at >= session.must_end_at:
        at = session.must_end_at
        closes = queries.closing_time(session.service_point, session.day)
        reason = (
            ComputerSession.EndReason.CLOSING_TIME
            if closes is not None and at >= closes
            else ComputerSession.EndReason.TIME_LIMIT
        )
    session.ended_at, session.end_reason = at, reason
    session.save(update_fields=["ended_at", "end_reason"])


@transaction.atomic(durable=True)
def record_session(
    computer: Computer,
    patron: Patron,
    *,
    started_at: datetime,
    ended_at: datetime,
    at: datetime,
    by: Any,
    client_ref: str = "",
) -> ComputerSession:
    """A whole session after the fact: from a PC client that was offline, or from the paper
    register. It must end after it starts, within its day, and not take a minor past the limit."""
    if ended_at < started_at:
        raise VisitsRefused(Reason.SESSION_REVERSED)
    if ended_at > at:
        raise VisitsRefused(Reason.FUTURE, when=f"{timezone.localtime(ended_at):%Y-%m-%d %H:%M}")
    if client_ref and isinstance(by, Device):
        earlier = ComputerSession.objects.filter(device=by, client_ref=client_ref).first()
        if earlier is not None:
            return earlier
    computer = Computer.objects.select_related("service_point").get(pk=computer.pk)
    _check_room(computer)
    day = timezone.localdate(started_at)
    is_minor = _reader_facts(patron, day)
    if is_minor:
        limit = visits_settings().minor_daily_minutes
        used = queries.minutes_used(patron.reader_token, day, at=at)
        if used + (ended_at - started_at).total_seconds() / 60 > limit:
            raise VisitsRefused(Reason.MINOR_TIME_EXCEEDED, minutes=limit)
    return ComputerSession.objects.create(
        computer=computer,
        service_point=computer.service_point,
        reader_token=patron.reader_token,
        is_minor=is_minor,
        day=day,
        started_at=started_at,
        ended_at=ended_at,
        end_reason=ComputerSession.EndReason.LOGGED_OUT,
        source=ComputerSession.Source.CLIENT if isinstance(by, Device) else ComputerSession.Source.STAFF,
        client_ref=client_ref[:60],
        device=by if isinstance(by, Device) else None,
        by_label=by_label(by),
    )


@transaction.atomic(durable=True)
def close_due_sessions(*, at: datetime) -> int:
    """Sessions past closing time or past a minor's daily limit end (run every few minutes by
    ``close_computer_sessions``; the live board shows them ended)."""
    due = list(ComputerSession.objects.select_for_update().filter(ended_at__isnull=True, must_end_at__lte=at))
    for session in due:
        _close(session, at)
    return len(due)


# Electronic resources ---------------------------------------------------------------------------


@transaction.atomic(durable=True)
def import_usage(
    text: str,
    *,
    platform: EResourcePlatform,
    file_name: str,
    at: datetime,
    by: Any,
    replace: bool = False,
) -> EResourceImport:
    """A platform's monthly usage report. The file and the months it covers are kept with it; a
    period imported before is replaced only when asked, and the earlier import stays as history."""
    rows = rules.parse_usage_report(text, platform.column_mapping or {})
    first, last = min(r.month for r in rows), max(r.month for r in rows)
    # Imports of one platform queue on the platform's row: two imports of one period cannot both pass.
    EResourcePlatform.objects.select_for_update().filter(pk=platform.pk).first()
    earlier = list(
        EResourceImport.objects.filter(
            platform=platform, replaced_by__isnull=True, first_month__lte=last, last_month__gte=first
        )
    )
    if earlier and not replace:
        raise VisitsRefused(Reason.PERIOD_IMPORTED, months=f"{first:%Y-%m}–{last:%Y-%m}")
    batch = EResourceImport.objects.create(
        platform=platform,
        file_name=file_name[:200],
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        first_month=first,
        last_month=last,
        replaces=earlier[0] if len(earlier) == 1 else None,
        imported_at=at,
        by_label=by_label(by),
    )
    for older in earlier[1:]:
        # Several earlier imports overlap: the new one replaces the first; the rest are left
        # out of the current figures by a chain of empty replacements.
        EResourceImport.objects.create(
            platform=platform,
            file_name=batch.file_name,
            sha256=batch.sha256,
            first_month=first,
            last_month=first,
            replaces=older,
            imported_at=at,
            by_label=batch.by_label,
        )
    EResourceUsage.objects.bulk_create(
        EResourceUsage(source=batch, platform=platform, month=r.month, metric=r.metric, count=r.count) for r in rows
    )
    record(
        "visits.import_eresources",
        at=at,
        by=by,
        obj=batch,
        detail={
            "platform": platform.code,
            "file": batch.file_name,
            "first": f"{first:%Y-%m}",
            "last": f"{last:%Y-%m}",
            "rows": len(rows),
        },
    )
    return batch
