"""Pure policy: reading people-counter files and usage reports, minors' time at the computers,
hours open. Plain values in, plain values out; no database."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from shuyuan.visits.errors import Reason, VisitsRefused

MAX_COUNT = 100_000  # visits through one gate in one interval, or at one desk in one entry
ISO_FORMATS = {"%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"}

# COUNTER 5 (and 5.1) metric names, and three the Chinese platforms report that COUNTER has not:
# e-book loans (借阅), downloads and sessions.
COUNTER_METRICS = frozenset(
    {
        "Total_Item_Investigations",
        "Unique_Item_Investigations",
        "Unique_Title_Investigations",
        "Total_Item_Requests",
        "Unique_Item_Requests",
        "Unique_Title_Requests",
        "Searches_Regular",
        "Searches_Automated",
        "Searches_Federated",
        "Searches_Platform",
        "No_License",
        "Limit_Exceeded",
    }
)
EBOOK_LOANS = "Ebook_Loans"
LOCAL_METRICS = frozenset({EBOOK_LOANS, "Downloads", "Sessions"})
MONTH_COLUMNS = ("Month", "month", "月份", "Reporting_Period", "统计月份")


class CounterLine(NamedTuple):
    """One line of a counter file; times are the counter's local wall-clock times (naive)."""

    line: int
    gate: str
    start: datetime
    end: datetime
    people: int


@dataclass(frozen=True)
class CounterMapping:
    gate: str
    start: str
    end: str
    count: str
    interval_minutes: int
    datetime_format: str


def _refuse_line(line: int, problem: str) -> VisitsRefused:
    return VisitsRefused(Reason.BAD_FILE, line=line, problem=problem)


def check_count(count: int) -> None:
    if count < 0:
        raise VisitsRefused(Reason.NEGATIVE_COUNT)
    if count > MAX_COUNT:
        raise VisitsRefused(Reason.COUNT_TOO_LARGE, count=count)


def check_interval(start: datetime, end: datetime, *, now: datetime) -> None:
    if end <= start:
        raise VisitsRefused(Reason.INTERVAL_REVERSED)
    if end - start > timedelta(days=1):
        raise VisitsRefused(Reason.INTERVAL_TOO_LONG)
    if end > now:
        raise VisitsRefused(Reason.FUTURE, when=f"{end:%Y-%m-%d %H:%M}")


def parse_counter_file(text: str, mapping: CounterMapping, *, now: datetime) -> list[CounterLine]:
    """Every line of a people counter's CSV export, or a refusal naming the first bad line: a
    garbled line, a negative count, a time in the future, overlapping intervals of one gate.
    Times stay naive local times here (``now`` too): a year of 20 gates is 700 000 lines."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise VisitsRefused(Reason.EMPTY_FILE)
    header = [h.strip() for h in header]
    wanted = [mapping.gate, mapping.start, mapping.count] + ([mapping.end] if mapping.end else [])
    for column in wanted:
        if column not in header:
            raise VisitsRefused(Reason.MISSING_COLUMN, column=column)
    g, s, c = header.index(mapping.gate), header.index(mapping.start), header.index(mapping.count)
    e = header.index(mapping.end) if mapping.end else -1
    width = len(header)
    step = timedelta(minutes=mapping.interval_minutes)
    parse = _time_parser(mapping.datetime_format)
    # Every gate of a file counts the same intervals: each interval's times are read and checked
    # once, and each line then costs a dictionary look-up (bench/visits: 702 720 lines).
    spans: dict[tuple[str, str], tuple[datetime, datetime]] = {}
    last_end: dict[str, datetime] = {}
    disordered: set[str] = set()
    lines = []
    for number, row in enumerate(reader, start=2):
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            raise _refuse_line(
                number, _("the line has %(found)d fields instead of %(wanted)d") % {"found": len(row), "wanted": width}
            )
        key = (row[s], row[e] if e >= 0 else "")
        span = spans.get(key)
        if span is None:
            span = spans[key] = _span(number, key, parse, step, now)
        try:
            count = int(row[c])
        except ValueError:
            raise _refuse_line(number, _("the count is not a whole number")) from None
        if count < 0 or count > MAX_COUNT:
            try:
                check_count(count)
            except VisitsRefused as exc:
                raise _refuse_line(number, exc.message) from None
        gate = row[g].strip()
        if not gate:
            raise _refuse_line(number, _("the gate is missing"))
        # In a file written in order each interval of a gate starts where the one before ended or
        # later; only the gates for which that fails are sorted and checked for overlaps.
        previous = last_end.get(gate)
        if previous is not None and span[0] < previous:
            disordered.add(gate)
        last_end[gate] = span[1]
        lines.append(CounterLine(number, gate, span[0], span[1], count))
    if not lines:
        raise VisitsRefused(Reason.EMPTY_FILE)
    if disordered:
        check_no_overlap((ln.gate, ln.start, ln.end) for ln in lines if ln.gate in disordered)
    return lines


def _span(number: int, texts: tuple[str, str], parse: Any, step: timedelta, now: datetime) -> tuple[datetime, datetime]:
    try:
        start = parse(texts[0])
        end = parse(texts[1]) if texts[1] else start + step
    except ValueError:
        raise _refuse_line(number, _("a date or time cannot be read")) from None
    try:
        check_interval(start, end, now=now)
    except VisitsRefused as exc:
        raise _refuse_line(number, exc.message) from None
    return start, end


def _time_parser(fmt: str):  # type: ignore[no-untyped-def]
    if fmt in ISO_FORMATS:
        # fromisoformat is several times faster than strptime.
        return datetime.fromisoformat

    def parse(value: str) -> datetime:
        return datetime.strptime(value.strip(), fmt)

    return parse


def check_no_overlap(intervals: Iterable[tuple[str, datetime, datetime]]) -> None:
    """No two intervals of one gate overlap (the same interval twice overlaps too)."""
    by_gate: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for gate, start, end in intervals:
        by_gate[gate].append((start, end))
    for gate, spans in by_gate.items():
        # A counter writes each gate's intervals in order: sorting is needed only when it did not.
        if any(one > other for one, other in pairwise(spans)):
            spans.sort()
        for (_start, previous_end), (start, _end) in pairwise(spans):
            if start < previous_end:
                raise VisitsRefused(Reason.OVERLAPPING, gate=gate, start=f"{start:%Y-%m-%d %H:%M}")


def pack_intervals(first: datetime, spans: Iterable[tuple[datetime, datetime, int]]) -> str:
    """A gate-day's intervals as one text: "offset/length/count" in seconds from ``first`` (the
    earliest start; all aware), separated by spaces."""
    return IntervalPacker().pack(first, spans)


class IntervalPacker:
    """``pack_intervals`` for many gate-days that count the same intervals (every gate of a counter
    file): each interval's "offset/length/" is formatted once, not once per gate. ``aware`` makes
    a file's naive local times aware (``pack_lines``)."""

    def __init__(self, aware: Callable[[datetime], datetime] | None = None) -> None:
        self.prefixes: dict[tuple[datetime, datetime, datetime], str] = {}
        self.aware = aware

    def prefix(self, first: datetime, start: datetime, end: datetime) -> str:
        if self.aware is not None:
            first, start, end = self.aware(first), self.aware(start), self.aware(end)
        offset, length = int((start - first).total_seconds()), int((end - start).total_seconds())
        return f"{offset}/{length}/"

    def pack(self, first: datetime, spans: Iterable[tuple[datetime, datetime, int]]) -> str:
        prefixes, parts = self.prefixes, []
        for start, end, count in spans:
            found = prefixes.get((first, start, end))
            if found is None:
                found = prefixes[first, start, end] = self.prefix(first, start, end)
            parts.append(f"{found}{count}")
        return " ".join(parts)

    def pack_lines(self, lines: list[CounterLine]) -> str:
        """A gate-day's lines, in order, as ``pack_intervals`` packs them."""
        first, prefixes, parts = lines[0].start, self.prefixes, []
        for _line, _gate, start, end, count in lines:
            found = prefixes.get((first, start, end))
            if found is None:
                found = prefixes[first, start, end] = self.prefix(first, start, end)
            parts.append(f"{found}{count}")
        return " ".join(parts)


def unpack_intervals(first: datetime, text: str) -> list[tuple[datetime, datetime, int]]:
    """The (start, end, count) of each interval ``pack_intervals`` packed."""
    spans = []
    for item in text.split():
        offset, length, count = item.split("/")
        start = first + timedelta(seconds=int(offset))
        spans.append((start, start + timedelta(seconds=int(length)), int(count)))
    return spans


# The e-reading room -----------------------------------------------------------------------------


def minutes_left(limit_minutes: int, used_minutes: float) -> float:
    return max(0.0, limit_minutes - used_minutes)


def session_deadline(
    start: datetime, *, closes_at: datetime | None, minor_minutes_left: float | None
) -> datetime | None:
    """When an open session must end: at closing time, and for a minor when the day's time is used."""
    ends = [t for t in (closes_at,) if t is not None]
    if minor_minutes_left is not None:
        ends.append(start + timedelta(minutes=minor_minutes_left))
    return min(ends) if ends else None


def closing_time(day: date, periods: Mapping[int, list[tuple[time, time]]], zone: tzinfo) -> datetime | None:
    """The last closing time of a room on ``day`` from its weekly opening hours (None: not open)."""
    today = periods.get(day.weekday(), [])
    if not today:
        return None
    return datetime.combine(day, max(closes for _opens, closes in today), tzinfo=zone)


def hours_open(days: Iterable[date], periods: Mapping[int, list[tuple[time, time]]]) -> float:
    """Hours a room is open over the given open days, from its weekly opening periods."""
    total = 0.0
    for day in days:
        for opens, closes in periods.get(day.weekday(), []):
            total += (datetime.combine(day, closes) - datetime.combine(day, opens)).total_seconds() / 3600
    return total


# Electronic resources ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageRow:
    month: date
    metric: str
    count: int


def parse_usage_report(text: str, mapping: Mapping[str, str]) -> list[UsageRow]:
    """A platform's monthly usage CSV: a month column (YYYY-MM) and one column per metric, named by
    COUNTER 5 or mapped to a COUNTER name by the platform's mapping."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in next(reader, [])]
    month_at = next((i for i, h in enumerate(header) if h in MONTH_COLUMNS), None)
    if month_at is None:
        raise VisitsRefused(Reason.MISSING_COLUMN, column="Month / 月份")
    metrics: dict[int, str] = {}
    for i, name in enumerate(header):
        if i == month_at or not name:
            continue
        metric = mapping.get(name, name)
        if metric not in COUNTER_METRICS | LOCAL_METRICS:
            raise VisitsRefused(Reason.UNKNOWN_METRIC, column=name)
        metrics[i] = metric
    rows: list[UsageRow] = []
    seen: set[tuple[date, str]] = set()
    for number, row in enumerate(reader, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise _refuse_line(
                number,
                _("the line has %(found)d fields instead of %(wanted)d") % {"found": len(row), "wanted": len(header)},
            )
        try:
            month = datetime.strptime(row[month_at].strip()[:7], "%Y-%m").date()
        except ValueError:
            raise _refuse_line(number, _("the month cannot be read (YYYY-MM)")) from None
        for i, metric in metrics.items():
            try:
                count = int(row[i].strip() or 0)
            except ValueError:
                raise _refuse_line(number, _("the count is not a whole number")) from None
            if count < 0:
                raise _refuse_line(number, str(Reason.NEGATIVE_COUNT.label))
            if (month, metric) in seen:
                raise _refuse_line(number, _("this month is in the file twice"))
            seen.add((month, metric))
            rows.append(UsageRow(month, metric, count))
    if not rows:
        raise VisitsRefused(Reason.EMPTY_FILE)
    return rows
