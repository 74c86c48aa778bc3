"""Reads of shelf work: the re-cataloguing progress board and what weeding withdrew, in kinds (种)
and volumes (册). Both read history rows (the items' status changes, label prints, the audit log),
never counters."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from shuyuan.audit.models import AuditEntry
from shuyuan.catalog.models import Collection, Item, ItemStatusChange, LabelPrint
from shuyuan.shelving.models import WeedingBatch, WeedingEntry
from shuyuan.shelving.rules import ACTION_REASONS, Action

Status = Item.Status
RECORD_WORK = ("catalog.create_record", "catalog.change_record", "catalog.assign_call_number", "catalog.add_copies")
STEPS = ("off_shelf", "catalogued", "labelled", "shelved")


@dataclass
class CollectionDay:
    day: date
    collection: str
    off_shelf: int = 0
    catalogued: int = 0
    labelled: int = 0
    shelved: int = 0


@dataclass
class CataloguerDay:
    day: date
    cataloguer: str
    records_created: int = 0
    records_edited: int = 0
    copies_kinds: int = 0
    copies_volumes: int = 0


@dataclass
class Board:
    collections: list[CollectionDay]
    cataloguers: list[CataloguerDay]
    totals: dict[str, int]
    in_processing: int


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    """Ids a few hundred at a time: SQLite allows 32 766 bound parameters in a statement."""
    for first in range(0, len(ids), size):
        yield ids[first : first + size]


def _day(at: datetime) -> date:
    return timezone.localtime(at).date()


def progress(first: date, last: date, *, branch_id: int | None = None) -> Board:
    """下架 → 重新采编 → 贴标 → 上架, per collection and day (items), and per cataloguer and day
    (records created and edited, copies added in kinds and volumes), from ``first`` to ``last``."""
    start, end = _bounds(first, last)
    names = dict(Collection.objects.values_list("pk", "name"))
    cells: dict[tuple[date, int], CollectionDay] = {}

    def cell(at: datetime, collection_id: int) -> CollectionDay:
        key = (_day(at), collection_id)
        if key not in cells:
            cells[key] = CollectionDay(key[0], names.get(collection_id, ""))
        return cells[key]

    changes = ItemStatusChange.objects.filter(at__gte=start, at__lt=end)
    if branch_id:
        changes = changes.filter(item__home_branch_id=branch_id)
    off = changes.filter(new_status=Status.IN_PROCESSING, reason=ACTION_REASONS[Action.TAKE_OFF])
    for at, collection_id in off.values_list("at", "item__collection_id"):
        cell(at, collection_id).off_shelf += 1
    back = changes.filter(old_status=Status.IN_PROCESSING, new_status=Status.ON_SHELF)
    for at, collection_id in back.values_list("at", "item__collection_id"):
        cell(at, collection_id).shelved += 1
    prints = LabelPrint.objects.filter(printed_at__gte=start, printed_at__lt=end)
    if branch_id:
        prints = prints.filter(item__home_branch_id=branch_id)
    labelled = {
        (_day(at), item_id, c) for at, item_id, c in prints.values_list("printed_at", "item_id", "item__collection_id")
    }
    for day, _item, collection_id in labelled:
        cells.setdefault((day, collection_id), CollectionDay(day, names.get(collection_id, ""))).labelled += 1
    work = AuditEntry.objects.filter(at__gte=start, at__lt=end, action__in=RECORD_WORK)
    for (day, collection_id), count in _catalogued(work, branch_id).items():
        cells.setdefault((day, collection_id), CollectionDay(day, names.get(collection_id, ""))).catalogued += count
    rows = sorted(cells.values(), key=lambda row: (row.day, row.collection))
    totals = {step: sum(getattr(row, step) for row in rows) for step in STEPS}
    waiting = Item.objects.filter(status=Status.IN_PROCESSING)
    if branch_id:
        waiting = waiting.filter(home_branch_id=branch_id)
    return Board(rows, _cataloguers(work), totals, waiting.count())


def _catalogued(work: QuerySet[AuditEntry], branch_id: int | None) -> dict[tuple[date, int], int]:
    """Items in processing whose record was created, edited, numbered or given copies, per day and
    collection: an item counts once a day however often its record was saved."""
    done: dict[int, list[datetime]] = defaultdict(list)
    for object_id, at in work.filter(object_type="catalog.record").values_list("object_id", "at"):
        done[int(object_id)].append(at)
    if not done:
        return {}
    item_rows: list[tuple[int, int, int]] = []
    for chunk in _chunks(list(done)):
        items = Item.objects.filter(record_id__in=chunk)
        if branch_id:
            items = items.filter(home_branch_id=branch_id)
        item_rows.extend(items.values_list("id", "record_id", "collection_id"))
    history: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for chunk in _chunks([row[0] for row in item_rows]):
        changes = ItemStatusChange.objects.filter(item_id__in=chunk).order_by("at", "id")
        for item_id, at, status in changes.values_list("item_id", "at", "new_status"):
            history[item_id].append((at, status))
    counted: set[tuple[date, int, int]] = set()
    for item_id, record_id, collection_id in item_rows:
        times = [at for at, _ in history[item_id]]
        for at in done[record_id]:
            n = bisect_right(times, at)
            if n and history[item_id][n - 1][1] == Status.IN_PROCESSING:
                counted.add((_day(at), item_id, collection_id))
    found: dict[tuple[date, int], int] = defaultdict(int)
    for day, _item, collection_id in counted:
        found[(day, collection_id)] += 1
    return found


def _cataloguers(work: QuerySet[AuditEntry]) -> list[CataloguerDay]:
    rows: dict[tuple[date, str], CataloguerDay] = {}
    edited: dict[tuple[date, str], set[str]] = defaultdict(set)
    kinds: dict[tuple[date, str], set[str]] = defaultdict(set)
    entries = work.exclude(action="catalog.assign_call_number").values_list(
        "at", "actor_label", "action", "object_id", "detail"
    )
    for at, actor, action, object_id, detail in entries:
        key = (_day(at), actor)
        row = rows.setdefault(key, CataloguerDay(*key))
        if action == "catalog.create_record":
            row.records_created += 1
        elif action == "catalog.change_record":
            edited[key].add(object_id)
        else:
            kinds[key].add(object_id)
            row.copies_volumes += int((detail or {}).get("count", 0))
    for key, row in rows.items():
        row.records_edited = len(edited[key])
        row.copies_kinds = len(kinds[key])
    return sorted(rows.values(), key=lambda row: (row.day, row.cataloguer))


@dataclass(frozen=True)
class Withdrawn:
    reason: str
    kinds: int
    volumes: int


def withdrawn(first: date, last: date) -> list[Withdrawn]:
    """Items withdrawn by weeding from ``first`` to ``last``, per reason, in kinds and volumes, read
    from the items' status history (what a stock-as-of-date ledger reads too)."""
    start, end = _bounds(first, last)
    rows = ItemStatusChange.objects.filter(
        new_status=Status.WITHDRAWN, at__gte=start, at__lt=end, reason__startswith="weeding:"
    ).values_list("reason", "item__record_id")
    records: dict[str, set[int]] = defaultdict(set)
    volumes: dict[str, int] = defaultdict(int)
    for reason, record_id in rows:
        code = reason.rsplit(":", 1)[-1]
        records[code].add(record_id)
        volumes[code] += 1
    return [
        Withdrawn(str(WeedingBatch.Reason(code).label) if code in WeedingBatch.Reason.values else code,
                  len(records[code]), volumes[code])
        for code in sorted(volumes)
    ]  # fmt: skip


def batch_totals(batch: WeedingBatch) -> tuple[int, int, str]:
    """Kinds, volumes and the sum of prices of a weeding batch: the foot of its withdrawal list."""
    entries = WeedingEntry.objects.filter(batch=batch)
    kinds = entries.values("item__record_id").distinct().count()
    prices = [price for price in entries.values_list("price", flat=True) if price is not None]
    return kinds, entries.count(), f"{sum(prices):.2f}" if prices else ""
