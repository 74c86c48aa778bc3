"""Catalogue services: every write to records, items and imports goes through one of these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shuyuan import numbering
from shuyuan.audit import log
from shuyuan.catalog import callnumbers
from shuyuan.catalog.barcodes import draw_barcodes
from shuyuan.catalog.errors import Reason
from shuyuan.catalog.marc import Holding
from shuyuan.catalog.marc.bib import parse_price
from shuyuan.catalog.models import ImportBatch, ImportProblem, Item, OldBarcode, Record
from shuyuan.catalog.placement import Placement
from shuyuan.catalog.records import Incoming
from shuyuan.catalog.search import index_records
from shuyuan.catalog.search.documents import Document
from shuyuan.fastsql import db_datetime, insert_rows

MAX_PROBLEMS_KEPT = 50_000  # per import: the count goes on, the rows stop (a broken file is not a log)
_MAX_PRICE = Decimal("99999999.99")


@dataclass(slots=True)
class StoreOutcome:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    items: int = 0
    record_ids: list[int] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    # The entry each record was stored from: in file order, so that a record stored twice keeps the later.
    stored: dict[int, Incoming] = field(default_factory=dict)


class _DryRunDone(Exception):
    def __init__(self, outcome: StoreOutcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


# ----------------------------------------------------------------------------- imports


@transaction.atomic(durable=True)
def create_import(
    kind: str,
    *,
    file_name: str,
    path: str,
    file_size: int,
    options: dict[str, Any],
    dry_run: bool,
    at: datetime,
    by: Any,
) -> ImportBatch:
    batch = ImportBatch.objects.create(
        kind=kind,
        file_name=file_name[:255],
        path=path,
        file_size=file_size,
        options=options,
        is_dry_run=dry_run,
        created_at=at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log.record("catalog.create_import", at=at, by=by, obj=batch, detail={"kind": kind, "dry_run": dry_run})
    return batch


@transaction.atomic(durable=True)
def configure_import(
    batch: ImportBatch, *, options: dict[str, Any], dry_run: bool, at: datetime, by: Any
) -> ImportBatch:
    """Set the options (a table's column mapping) of an import not started yet."""
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        options=options, is_dry_run=dry_run
    )
    batch.refresh_from_db()
    log.record("catalog.configure_import", at=at, by=by, obj=batch, detail={"dry_run": dry_run})
    return batch


@transaction.atomic(durable=True)
def repeat_import(batch: ImportBatch, *, dry_run: bool, at: datetime, by: Any) -> ImportBatch:
    """A new import of the same file with the same options (after a dry run, the real one)."""
    again = ImportBatch.objects.create(
        kind=batch.kind,
        file_name=batch.file_name,
        path=batch.path,
        file_size=batch.file_size,
        options=batch.options,
        is_dry_run=dry_run,
        created_at=at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log.record("catalog.create_import", at=at, by=by, obj=again, detail={"repeats": batch.pk, "dry_run": dry_run})
    return again


@transaction.atomic(durable=True)
def start_import(batch: ImportBatch, *, at: datetime, by: Any) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, started_at=at, heartbeat_at=at)
    batch.refresh_from_db()
    return batch


@transaction.atomic(durable=True)
def finish_import(batch: ImportBatch, *, at: datetime, by: Any, error: str = "") -> ImportBatch:
    status = ImportBatch.Status.FAILED if error else ImportBatch.Status.DONE
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, finished_at=at, heartbeat_at=at, error=error)
    batch.refresh_from_db()
    detail = {
        "created": batch.records_created,
        "updated": batch.records_updated,
        "skipped": batch.records_skipped,
        "items": batch.items_created,
        "problems": batch.problem_count,
        "dry_run": batch.is_dry_run,
    }
    log.record("catalog.finish_import", at=at, by=by, obj=batch, detail=detail)
    return batch


@transaction.atomic(durable=True)
def note_problems(batch: ImportBatch, problems: list[ImportProblem], *, skipped: int, at: datetime, by: Any) -> None:
    """Problems found outside any store (a whole file refused, a dry run's report)."""
    _save_progress(batch, StoreOutcome(skipped=skipped, problems=problems), read=skipped, position=None, at=at)


@transaction.atomic(durable=True)
def store_records(
    batch: ImportBatch,
    incoming: list[Incoming],
    problems: list[ImportProblem],
    *,
    placement: Placement,
    position: int | None,
    at: datetime,
    by: Any,
) -> StoreOutcome:
    """Store one short batch of records and their copies, with the problems found reading them.

    Records match existing ones on control number, then on ISBN with the same title (Chinese
    multi-volume sets share one ISBN); matches are updated, the rest created. Copies become
    items unless their barcode belongs to another record. Imports commit one such batch at a time
    so that the desk and the kiosks keep working while a large file goes in.
    """
    outcome = _store(batch, incoming, placement, at)
    outcome.problems[:0] = problems
    outcome.skipped = _skipped_records(outcome.problems)
    _save_progress(batch, outcome, read=len(incoming) + _skipped_records(problems), position=position, at=at)
    reindex_for_search(outcome.record_ids, {pk: entry.search_document() for pk, entry in outcome.stored.items()})
    log.record(
        "catalog.import_records",
        at=at,
        by=by,
        obj=batch,
        detail={"created": outcome.created, "updated": outcome.updated, "items": outcome.items},
    )
    return outcome


def add_records(incoming: list[Incoming], *, file_name: str, at: datetime, by: Any) -> StoreOutcome:
    """A building block for other domains' services (receiving a vendor's shipment): store records
    through the importer's matching and indexing, inside the caller's transaction, as a finished
    MARC import named ``file_name``. Their copies are the caller's to make (``items.create_items``);
    any copies described in the records are ignored."""
    for entry in incoming:
        entry.copies = []
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.MARC,
        status=ImportBatch.Status.DONE,
        file_name=file_name[:255],
        path="",
        options={},
        created_at=at,
        finished_at=at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    outcome = _store(batch, incoming, Placement.load(), at)
    _save_progress(batch, outcome, read=len(incoming), position=None, at=at)
    reindex_for_search(outcome.record_ids, {pk: entry.search_document() for pk, entry in outcome.stored.items()})
    log.record(
        "catalog.import_records",
        at=at,
        by=by,
        obj=batch,
        detail={"created": outcome.created, "updated": outcome.updated, "items": 0},
    )
    return outcome


def plan_records(
    batch: ImportBatch,
    incoming: list[Incoming],
    problems: list[ImportProblem],
    *,
    placement: Placement,
    position: int | None,
    at: datetime,
    by: Any,
) -> StoreOutcome:
    """A dry run of `store_records`: the same work, rolled back; only the report is kept."""
    try:
        _store_then_roll_back(batch, incoming, placement, at)
    except _DryRunDone as done:
        outcome = done.outcome
    outcome.problems[:0] = problems
    outcome.skipped = _skipped_records(outcome.problems)
    _record_plan(batch, outcome, read=len(incoming) + _skipped_records(problems), position=position, at=at)
    return outcome


@transaction.atomic(durable=True)
def _store_then_roll_back(batch: ImportBatch, incoming: list[Incoming], placement: Placement, at: datetime) -> None:
    outcome = _store(batch, incoming, placement, at)
    for problem in outcome.problems:
        problem.pk = None
    raise _DryRunDone(outcome)


@transaction.atomic(durable=True)
def _record_plan(batch: ImportBatch, outcome: StoreOutcome, *, read: int, position: int | None, at: datetime) -> None:
    _save_progress(batch, outcome, read=read, position=position, at=at)


def _skipped_records(problems: list[ImportProblem]) -> int:
    return len({problem.number for problem in problems if problem.skipped})


def _save_progress(batch: ImportBatch, outcome: StoreOutcome, *, read: int, position: int | None, at: datetime) -> None:
    room = max(0, MAX_PROBLEMS_KEPT - batch.problem_count)
    for problem in outcome.problems[:room]:
        problem.batch = batch
    ImportProblem.objects.bulk_create(outcome.problems[:room])
    changes: dict[str, Any] = {
        "records_read": F("records_read") + read,
        "records_created": F("records_created") + outcome.created,
        "records_updated": F("records_updated") + outcome.updated,
        "records_skipped": F("records_skipped") + _skipped_records(outcome.problems),
        "items_created": F("items_created") + outcome.items,
        "problem_count": F("problem_count") + len(outcome.problems),
        "heartbeat_at": at,
    }
    if position is not None:
        changes["bytes_read"] = position
    ImportBatch.objects.filter(pk=batch.pk).update(**changes)
    batch.problem_count += len(outcome.problems)


def reindex_for_search(record_ids: list[int], prepared: dict[int, Document] | None = None) -> None:
    """The one call site of the search index hook (issue 3, item 6), run inside the writing transaction."""
    if record_ids:
        index_records(record_ids, prepared=prepared)


# ----------------------------------------------------------------------------- storing


def _store(batch: ImportBatch, incoming: list[Incoming], placement: Placement, at: datetime) -> StoreOutcome:
    outcome = StoreOutcome()
    fields = {entry.number: entry.record_values() for entry in incoming}
    targets = _match(incoming, fields)
    new: dict[int, dict[str, Any]] = {}
    for entry in incoming:
        target = targets.get(entry.number)
        values = {**fields[entry.number], "marc": entry.marc}
        if isinstance(target, int):
            Record.objects.filter(pk=target).update(**values, import_batch=batch, updated_at=at)
            outcome.updated += 1
        elif target is not None:  # the same record earlier in this batch: the later one wins
            new[target[0]].update(values)
            outcome.updated += 1
        else:
            new[entry.number] = values
    record_of = dict(zip(new, _insert_records(list(new.values()), batch, at), strict=True))
    for number, target in targets.items():
        record_of[number] = target if isinstance(target, int) else record_of[target[0]]
    outcome.created = len(new)
    outcome.record_ids = sorted(set(record_of.values()))
    outcome.stored = {record_of[entry.number]: entry for entry in incoming}
    _store_items(batch, incoming, record_of, placement, at, outcome)
    return outcome


def _insert_records(rows: list[dict[str, Any]], batch: ImportBatch, at: datetime) -> list[int]:
    if not rows:
        return []
    columns = [*rows[0], "import_batch_id", "created_at", "updated_at"]
    stamp = db_datetime(at)
    values = [(*row.values(), batch.pk, stamp, stamp) for row in rows]
    return insert_rows(Record, columns, values, returning_ids=True)


def _match(incoming: list[Incoming], fields: dict[int, dict[str, Any]]) -> dict[int, int | tuple[int]]:
    """For each entry number: the id of the record it updates, or (number,) of an earlier entry of the batch."""
    numbers = {values["control_number"] for values in fields.values() if values["control_number"]}
    by_number: dict[str, int] = {}
    for number, pk in Record.objects.filter(control_number__in=numbers).values_list("control_number", "pk"):
        by_number[number] = min(pk, by_number.get(number, pk))
    keys = {values["isbn_key"] for values in fields.values() if values["isbn_key"]}
    by_isbn: dict[tuple[str, str], int] = {}
    for key, title, pk in Record.objects.filter(isbn_key__in=keys).values_list("isbn_key", "title", "pk"):
        by_isbn[(key, title)] = min(pk, by_isbn.get((key, title), pk))
    targets: dict[int, int | tuple[int]] = {}
    earlier: dict[Any, int] = {}
    for entry in incoming:
        values = fields[entry.number]
        keys_of_entry: list[tuple[str, ...]] = [("n", values["control_number"])] if values["control_number"] else []
        if values["isbn_key"]:
            keys_of_entry.append(("i", values["isbn_key"], values["title"]))
        found = by_number.get(values["control_number"]) if values["control_number"] else None
        if found is None and values["isbn_key"]:
            found = by_isbn.get((values["isbn_key"], values["title"]))
        first = next((earlier[key] for key in keys_of_entry if key in earlier), None)
        if found is not None:
            targets[entry.number] = found
        elif first is not None:
            targets[entry.number] = (first,)
        else:
            earlier.update((key, entry.number) for key in keys_of_entry)
    return targets


def _store_items(
    batch: ImportBatch,
    incoming: list[Incoming],
    record_of: dict[int, int],
    placement: Placement,
    at: datetime,
    outcome: StoreOutcome,
) -> None:
    copies = [(entry, holding) for entry in incoming for holding in entry.holdings]
    if not copies:
        return
    if placement.missing:
        # A new library imports its catalogue before it has set up branches: the records go in, and
        # the import says once why the copies did not and how to add them.
        if placement.first_time(Reason.NO_DEFAULTS):
            outcome.problems.append(_problem(copies[0][0], Reason.NO_DEFAULTS, "、".join(placement.missing)))
        return
    _assign_barcodes(copies, placement)
    barcodes = [holding.barcode for _, holding in copies]
    owner = dict(Item.objects.filter(barcode__in=barcodes).values_list("barcode", "record_id"))
    cards = numbering.card_values_among(barcodes)  # a reader's card number (or its form) is no barcode
    seen: set[str] = set()
    rows: list[tuple[Any, ...]] = []
    made: list[tuple[Holding, Incoming]] = []
    stamp = db_datetime(at)
    for entry, holding in copies:
        record_id = record_of[entry.number]
        refusal = _refuse_copy(holding, record_id, owner, seen, cards)
        seen.add(holding.barcode)
        if refusal is not None:
            outcome.problems.append(_problem(entry, *refusal))
            continue
        if holding.barcode in owner:
            continue  # re-imported: the copy is already there, with its circulation history
        place = placement.place(holding)
        outcome.problems.extend(_problem(entry, reason, code) for reason, code in place.unknown)
        rows.append(_item_row(holding, record_id, place, placement.status, batch.pk, stamp))
        made.append((holding, entry))
    wants_ids = any(holding.old_barcode for holding, _ in made)
    ids = insert_rows(Item, IMPORTED_ITEM_COLUMNS, rows, returning_ids=wants_ids)
    outcome.items += len(rows)
    if wants_ids:
        _store_old_barcodes(batch, list(zip(ids, made, strict=True)), at, outcome)


IMPORTED_ITEM_COLUMNS = (
    "record_id",
    "barcode",
    "item_type_id",
    "collection_id",
    "shelving_location",
    "call_number",
    "call_number_sort",
    "volume",
    "note",
    "home_branch_id",
    "current_branch_id",
    "status",
    "price",
    "import_batch_id",
    "created_at",
    "status_changed_at",
)


def _item_row(holding: Holding, record_id: int, place: Any, status: str, batch_id: int, stamp: Any) -> tuple[Any, ...]:
    call_number = holding.call_number.strip()[:100]
    price = parse_price(holding.price)
    return (
        record_id,
        holding.barcode,
        place.item_type_id,
        place.collection_id,
        holding.location[:100],
        call_number,
        callnumbers.sort_key(call_number),
        holding.volume[:50],
        holding.note[:200],
        place.branch_id,
        place.branch_id,
        status,
        price if price is not None and price <= _MAX_PRICE else None,
        batch_id,
        stamp,
        stamp,
    )


def _assign_barcodes(copies: list[tuple[Incoming, Holding]], placement: Placement) -> None:
    """Copies known only by their old barcode get a new one from the sequence, or keep the old one."""
    unlabelled = [holding for _, holding in copies if not holding.barcode]
    if placement.barcode_prefix:
        for holding, barcode in zip(unlabelled, draw_barcodes(placement.barcode_prefix, len(unlabelled)), strict=True):
            holding.barcode = barcode
    else:
        for holding in unlabelled:
            holding.barcode, holding.old_barcode = holding.old_barcode, ""


def _refuse_copy(
    holding: Holding, record_id: int, owner: dict[str, int], seen: set[str], cards: set[str]
) -> tuple[Reason, str] | None:
    if not holding.barcode:
        return Reason.BAD_VALUE, _("no barcode")
    if len(holding.barcode) > Item._meta.get_field("barcode").max_length:  # type: ignore[operator]
        return Reason.BAD_VALUE, holding.barcode[:60]
    if holding.barcode in cards:
        return Reason.BARCODE_IS_CARD, holding.barcode
    if holding.barcode in seen:
        return Reason.BARCODE_TWICE_IN_FILE, holding.barcode
    if holding.barcode in owner and owner[holding.barcode] != record_id:
        return Reason.DUPLICATE_BARCODE, _("%(barcode)s (record %(record)s)") % {
            "barcode": holding.barcode,
            "record": owner[holding.barcode],
        }
    return None


def _store_old_barcodes(
    batch: ImportBatch, made: list[tuple[int, tuple[Holding, Incoming]]], at: datetime, outcome: StoreOutcome
) -> None:
    wanted = [(item_id, holding, entry) for item_id, (holding, entry) in made if holding.old_barcode]
    old = [holding.old_barcode for _, holding, _ in wanted]
    taken = set(OldBarcode.objects.filter(barcode__in=old).values_list("barcode", flat=True))
    rows = []
    stamp = db_datetime(at)
    for item_id, holding, entry in wanted:
        if holding.old_barcode in taken or len(holding.old_barcode) > 40:
            outcome.problems.append(_problem(entry, Reason.OLD_BARCODE_TAKEN, holding.old_barcode[:60]))
            continue
        taken.add(holding.old_barcode)
        rows.append((holding.old_barcode, item_id, batch.pk, stamp))
    insert_rows(OldBarcode, ("barcode", "item_id", "import_batch_id", "created_at"), rows)


def _problem(entry: Incoming, reason: Any, detail: str, *, skipped: bool = False) -> ImportProblem:
    return ImportProblem(
        number=entry.number, offset=entry.offset, reason=str(reason), detail=detail[:300], skipped=skipped
    )
