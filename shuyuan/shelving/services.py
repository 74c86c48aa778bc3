"""Services of shelf work: bulk status changes by scanning, inventories, RFID tags, weeding.

Each is one transaction. A batch of scans is refused item by item: a scan that cannot be done is
returned as an :class:`Outcome` with its reason and the rest of the batch goes on. Every status
change goes through ``catalog.items.set_status`` with a reason, so the items' status history is
the ledger of what left and came back to the shelves, and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.audit import log
from shuyuan.audit.log import actor_fields
from shuyuan.branches.models import Branch
from shuyuan.catalog import callnumbers
from shuyuan.catalog.items import set_rfid_tag, set_status
from shuyuan.catalog.models import Collection, Item, Record
from shuyuan.catalog.queries import item_ids_by_codes, withdrawn_record_ids
from shuyuan.catalog.search import index_records
from shuyuan.shelving import rules
from shuyuan.shelving.errors import Reason, ShelvingRefused
from shuyuan.shelving.inventory import report
from shuyuan.shelving.models import Inventory, InventoryScan, WeedingBatch, WeedingEntry
from shuyuan.shelving.rules import ACTION_REASONS, ACTION_STATUS, Action

Status = Item.Status
CHUNK = 900  # ids per statement: SQLite allows 32 766 bound parameters, a county inventory marks 400 000 missing


@dataclass(frozen=True)
class Outcome:
    """What became of one scanned code or file line: the item it found, or why nothing was done."""

    code: str
    item: Item | None = None
    refusal: Reason | None = None
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None

    @property
    def done(self) -> bool:
        return self.refusal is None

    @property
    def message(self) -> str:
        if self.refusal is None:
            return ""
        text = str(self.refusal.label)
        return text % self.params if self.params else text


def _locked_items(codes: Sequence[str]) -> dict[str, Item]:
    """The items the codes stand for (barcode, RFID tag or old barcode), row-locked, by code."""
    ids = item_ids_by_codes(codes)
    items: dict[int, Item] = {}
    wanted = sorted(set(ids.values()))
    for first in range(0, len(wanted), CHUNK):
        locked = Item.objects.select_for_update(of=("self",)).select_related("record")
        items.update(locked.in_bulk(wanted[first : first + CHUNK]))
    return {code: items[item_id] for code, item_id in ids.items() if item_id in items}


# ----------------------------------------------------------------------------- bulk status changes


@transaction.atomic(durable=True)
def change_status_by_scan(codes: Sequence[str], action: Action, *, at: datetime, by: Any) -> list[Outcome]:
    """Take the scanned items off the shelf for re-cataloguing, put them back, or send them to
    binding (``action``), each through ``set_status`` with the action's reason. A code that finds no
    item, or an item whose status forbids the change, is returned with its reason; the rest go on."""
    codes = [code.strip() for code in codes if code.strip()]
    if not codes:
        raise ShelvingRefused(Reason.NOTHING_READ)
    items = _locked_items(codes)
    outcomes = []
    done: set[int] = set()
    for code in codes:
        item = items.get(code)
        if item is None:
            outcomes.append(Outcome(code, refusal=Reason.UNKNOWN_CODE))
            continue
        refusal = (
            (Reason.ALREADY_ON_SHELF if action is Action.SHELVE else Reason.ALREADY_OFF_SHELF)
            if item.pk in done
            else rules.scan_refusal(action, item.status, has_call_number=bool(item.call_number))
        )
        if refusal is not None:
            outcomes.append(Outcome(code, item, refusal))
            continue
        set_status(item, ACTION_STATUS[action], at=at, by=by, reason=ACTION_REASONS[action])
        done.add(item.pk)
        outcomes.append(Outcome(code, item))
    if done:
        log.record(
            "shelving.change_status", at=at, by=by,
            detail={"action": action.value, "count": len(done), "refused": len(outcomes) - len(done)},
        )  # fmt: skip
    return outcomes


# ----------------------------------------------------------------------------- inventory


@transaction.atomic(durable=True)
def start_inventory(
    name: str,
    *,
    branch: Branch,
    collection: Collection | None = None,
    call_number_from: str = "",
    call_number_to: str = "",
    at: datetime,
    by: Any,
) -> Inventory:
    """An inventory of ``branch``'s items, or of one of its collections, or of a shelf range."""
    if collection is not None and collection.branch_id != branch.pk:
        raise ShelvingRefused(Reason.COLLECTION_OF_OTHER_BRANCH)
    low, high = callnumbers.normal_form(call_number_from), callnumbers.normal_form(call_number_to)
    if low and high and callnumbers.sort_key(low) > callnumbers.sort_key(high):
        raise ShelvingRefused(Reason.BAD_RANGE)
    inventory = Inventory.objects.create(
        name=name.strip() or f"{branch.name} {timezone.localdate(at):%Y-%m-%d}", branch=branch, collection=collection,
        call_number_from=low, call_number_to=high, started_at=at, started_by=actor_fields(by)["actor_label"],
    )  # fmt: skip
    log.record("shelving.start_inventory", at=at, by=by, obj=inventory, detail={"name": inventory.name})
    return inventory


def _open(inventory: Inventory) -> Inventory:
    locked = Inventory.objects.select_for_update().get(pk=inventory.pk)
    if not locked.is_open:
        raise ShelvingRefused(Reason.INVENTORY_CLOSED)
    return locked


@transaction.atomic(durable=True)
def record_scans(inventory: Inventory, codes: Sequence[str], *, at: datetime, by: Any) -> list[Outcome]:
    """Scans at the shelf, in the order read: each code is kept, with its item when one matches
    (by barcode, RFID tag or old barcode). An unknown code is kept too, and returned with its reason;
    an item read again is returned as already scanned and not kept twice."""
    inventory = _open(inventory)
    lines = [(None, code.strip()) for code in codes if code.strip()]
    if not lines:
        raise ShelvingRefused(Reason.NOTHING_READ)
    return _keep_scans(inventory, lines, InventoryScan.Source.SCAN, at=at)


@transaction.atomic(durable=True)
def import_reader_file(inventory: Inventory, text: str, *, at: datetime, by: Any) -> list[Outcome]:
    """A handheld reader's file: one barcode or RFID tag id per line (more columns after a comma,
    tab or semicolon are ignored). Garbled lines and unknown codes are kept and returned with the
    line's number and reason; the other lines are scans, in the file's order."""
    inventory = _open(inventory)
    lines: list[tuple[int | None, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = rules.code_of_line(line)
        if code is None:
            lines.append((number, None))
        elif code:
            lines.append((number, code))
    if not lines:
        raise ShelvingRefused(Reason.NOTHING_READ)
    outcomes = _keep_scans(inventory, lines, InventoryScan.Source.FILE, at=at, raw=text.splitlines())
    log.record(
        "shelving.import_reader_file", at=at, by=by, obj=inventory,
        detail={"count": len(lines), "refused": sum(1 for o in outcomes if not o.done)},
    )  # fmt: skip
    return outcomes


SCAN_COLUMNS = ("inventory_id", "code", "item_id", "problem", "source", "line", "scanned_at")


def _keep_scans(
    inventory: Inventory,
    lines: Sequence[tuple[int | None, str | None]],
    source: str,
    *,
    at: datetime,
    raw: Sequence[str] = (),
) -> list[Outcome]:
    """Keep the scans and say what became of each. The rows go in through ``fastsql.insert_rows``:
    a handheld reader's file of 100 000 lines is the path ``bench/shelving`` measures, and building a
    model instance per line cost most of its time."""
    ids = item_ids_by_codes([code for _, code in lines if code])
    # Every item read so far, not only this batch's: a filter by 100 000 ids passes SQLite's limit.
    seen = set(inventory.scans.filter(item__isnull=False).values_list("item_id", flat=True))
    when, source = fastsql.db_datetime(at), str(source)
    rows: list[tuple[Any, ...]] = []
    outcomes = []
    for number, code in lines:
        if code is None:
            text = rules.printable(raw[number - 1].strip()[:100]) if number else ""
            rows.append((inventory.pk, text, None, InventoryScan.Problem.GARBLED.value, source, number, when))
            outcomes.append(Outcome(text, refusal=Reason.GARBLED_LINE, line=number))
            continue
        item_id = ids.get(code)
        if item_id is None:
            rows.append((inventory.pk, code[:100], None, InventoryScan.Problem.UNKNOWN.value, source, number, when))
            outcomes.append(Outcome(code, refusal=Reason.UNKNOWN_CODE, line=number))
            continue
        if item_id in seen:
            outcomes.append(Outcome(code, refusal=Reason.ALREADY_SCANNED, line=number))
            continue
        seen.add(item_id)
        rows.append((inventory.pk, code, item_id, "", source, number, when))
        outcomes.append(Outcome(code, line=number))
    fastsql.insert_rows(InventoryScan, SCAN_COLUMNS, rows)
    return outcomes


@transaction.atomic(durable=True)
def confirm_inventory(inventory: Inventory, *, at: datetime, by: Any) -> Inventory:
    """Close the inventory: every item of its scope that should be on the shelf and was not read is
    marked missing, and every item marked missing that was read is back on the shelf, each through
    ``set_status`` with the inventory's reason. Items on loan, in transit, on the hold shelf or in
    processing are not missing and do not change."""
    inventory = _open(inventory)
    found = report(inventory)
    reason = f"inventory:{inventory.pk}"
    changed = {Status.MISSING: 0, Status.ON_SHELF: 0}
    for rows, was, status in ((found.missing, Status.ON_SHELF, Status.MISSING),
                              (found.found_again, Status.MISSING, Status.ON_SHELF)):  # fmt: skip
        ids = [row.item_id for row in rows]
        for first in range(0, len(ids), CHUNK):
            for item in Item.objects.select_for_update().filter(pk__in=ids[first : first + CHUNK]).order_by("pk"):
                if item.status == was:  # not lent or returned since the report was read
                    set_status(item, status, at=at, by=by, reason=reason)
                    changed[status] += 1
    inventory.status = Inventory.Status.CONFIRMED
    inventory.confirmed_at = at
    inventory.confirmed_by = actor_fields(by)["actor_label"]
    inventory.marked_missing = changed[Status.MISSING]
    inventory.found_again = changed[Status.ON_SHELF]
    inventory.save()
    log.record(
        "shelving.confirm_inventory", at=at, by=by, obj=inventory,
        detail={"missing": inventory.marked_missing, "found": inventory.found_again, "scanned": found.scanned},
    )  # fmt: skip
    return inventory


# ----------------------------------------------------------------------------- RFID


def _check_tag(raw: str, item: Item) -> str:
    tag = rules.tag_id(raw)
    if tag is None:
        raise ShelvingRefused(Reason.BAD_TAG)
    holder = Item.objects.filter(rfid_tag=tag).exclude(pk=item.pk).values_list("barcode", flat=True).first()
    if holder is not None:
        raise ShelvingRefused(Reason.TAG_TAKEN, barcode=holder)
    return tag


@transaction.atomic(durable=True)
def link_tag(item: Item, raw_tag: str, *, at: datetime, by: Any) -> Item:
    """Link a scanned RFID tag to ``item`` when it is labelled (a new tag replaces the item's old one)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    tag = _check_tag(raw_tag, item)
    if item.rfid_tag == tag:
        return item
    return set_rfid_tag(item, tag, at=at, by=by)


@transaction.atomic(durable=True)
def import_tag_file(text: str, *, at: datetime, by: Any) -> list[Outcome]:
    """A conversion station's file, one ``tag,barcode`` pair per line (tab or semicolon also
    separate): each tag is linked to its item. Garbled lines, unknown barcodes and tags already
    linked elsewhere are returned with their line and reason; the other lines are linked."""
    pairs: list[tuple[int, str, str | None, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [part.strip().strip('"') for part in rules.COLUMNS.split(line.strip().lstrip("\ufeff"))]
        if not any(parts):
            continue
        tag = rules.tag_id(parts[0]) if len(parts) >= 2 else None
        barcode = rules.code_of_line(parts[1]) if len(parts) >= 2 else None
        pairs.append((number, rules.printable(line.strip()[:100]), tag, barcode or ""))
    if not pairs:
        raise ShelvingRefused(Reason.NOTHING_READ)
    items = _locked_items([barcode for _, _, _, barcode in pairs if barcode])
    outcomes = []
    for number, raw, tag, barcode in pairs:
        if tag is None or not barcode:
            outcomes.append(Outcome(raw, refusal=Reason.GARBLED_LINE, line=number))
            continue
        item = items.get(barcode)
        if item is None:
            outcomes.append(Outcome(barcode, refusal=Reason.UNKNOWN_CODE, line=number))
            continue
        try:
            checked = _check_tag(tag, item)
        except ShelvingRefused as refused:
            outcomes.append(Outcome(barcode, item, refused.reason, refused.params, line=number))  # type: ignore[arg-type]
            continue
        if item.rfid_tag != checked:
            set_rfid_tag(item, checked, at=at, by=by)
        outcomes.append(Outcome(barcode, item, line=number))
    return outcomes


# ----------------------------------------------------------------------------- weeding


@transaction.atomic(durable=True)
def start_weeding(name: str, reason: str, *, note: str = "", at: datetime, by: Any) -> WeedingBatch:
    actor = actor_fields(by)
    batch = WeedingBatch.objects.create(
        name=name.strip() or f"{timezone.localdate(at):%Y-%m-%d}", reason=WeedingBatch.Reason(reason),
        note=note.strip(), created_at=at, created_by=actor["actor"], created_by_label=actor["actor_label"],
    )  # fmt: skip
    log.record("shelving.start_weeding", at=at, by=by, obj=batch, detail={"reason": batch.reason})
    return batch


def _draft(batch: WeedingBatch) -> WeedingBatch:
    locked = WeedingBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != WeedingBatch.Status.DRAFT:
        raise ShelvingRefused(Reason.BATCH_NOT_DRAFT)
    return locked


@transaction.atomic(durable=True)
def add_to_weeding(
    batch: WeedingBatch, codes: Sequence[str], *, at: datetime, by: Any, branches: set[int] | None = None
) -> list[Outcome]:
    """Scanned items into a batch being drawn up. An item on loan, already withdrawn, in another batch
    not yet approved, or (when ``branches`` is given) of a branch not among them is returned with its
    reason; the rest are added."""
    batch = _draft(batch)
    codes = [code.strip() for code in codes if code.strip()]
    if not codes:
        raise ShelvingRefused(Reason.NOTHING_READ)
    items = _locked_items(codes)
    pending = dict(
        WeedingEntry.objects.filter(item__in=[item.pk for item in items.values()])
        .exclude(batch__status=WeedingBatch.Status.APPROVED)
        .values_list("item_id", "batch__name")
    )
    here = set(batch.entries.values_list("item_id", flat=True))
    outcomes, rows = [], []
    for code in codes:
        item = items.get(code)
        if item is None:
            outcomes.append(Outcome(code, refusal=Reason.UNKNOWN_CODE))
            continue
        refusal, params = rules.withdrawal_refusal(item.status), {}
        if refusal is None and branches is not None and item.home_branch_id not in branches:
            refusal = Reason.ITEM_OF_OTHER_BRANCH
        elif refusal is None and item.pk in here:
            refusal = Reason.ALREADY_IN_BATCH
        elif refusal is None and item.pk in pending:
            refusal, params = Reason.IN_OTHER_BATCH, {"batch": pending[item.pk]}
        if refusal is not None:
            outcomes.append(Outcome(code, item, refusal, params))
            continue
        here.add(item.pk)
        rows.append(WeedingEntry(batch=batch, item=item, barcode=item.barcode, title=item.record.title[:500],
                                 call_number=item.call_number, price=item.price, added_at=at))  # fmt: skip
        outcomes.append(Outcome(code, item))
    WeedingEntry.objects.bulk_create(rows)
    return outcomes


@transaction.atomic(durable=True)
def remove_from_weeding(batch: WeedingBatch, entries: Iterable[WeedingEntry], *, at: datetime, by: Any) -> int:
    batch = _draft(batch)
    removed, _ = WeedingEntry.objects.filter(batch=batch, pk__in=[entry.pk for entry in entries]).delete()
    return removed


@transaction.atomic(durable=True)
def submit_weeding(batch: WeedingBatch, *, at: datetime, by: Any) -> WeedingBatch:
    """Send the batch for approval by a second person; it can no longer be changed unless sent back."""
    batch = _draft(batch)
    if not batch.entries.exists():
        raise ShelvingRefused(Reason.EMPTY_BATCH)
    batch.status = WeedingBatch.Status.SUBMITTED
    batch.submitted_at = at
    batch.save(update_fields=["status", "submitted_at"])
    log.record("shelving.submit_weeding", at=at, by=by, obj=batch, detail={"count": batch.entries.count()})
    return batch


def _submitted(batch: WeedingBatch, by: Any) -> WeedingBatch:
    locked = WeedingBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != WeedingBatch.Status.SUBMITTED:
        raise ShelvingRefused(Reason.BATCH_NOT_SUBMITTED)
    actor = actor_fields(by)
    if actor["actor"] is None or actor["actor"].pk == locked.created_by_id:
        raise ShelvingRefused(Reason.SAME_PERSON)
    return locked


@transaction.atomic(durable=True)
def approve_weeding(batch: WeedingBatch, *, note: str = "", at: datetime, by: Any) -> WeedingBatch:
    """A second person approves: every item of the batch is withdrawn, through ``set_status`` with
    the batch and its reason, leaving the shelves, the counts and the public catalogue. An item
    lent out since it was added refuses the approval (nothing is withdrawn) and is named."""
    batch = _submitted(batch, by)
    items = list(Item.objects.select_for_update().filter(pk__in=batch.entries.values("item_id")).order_by("pk"))
    lent = [item.barcode for item in items if rules.withdrawal_refusal(item.status) is not None]
    if lent:
        raise ShelvingRefused(Reason.ITEMS_ON_LOAN, barcodes="、".join(lent[:20]))
    reason = f"weeding:{batch.pk}:{batch.reason}"
    for item in items:
        set_status(item, Status.WITHDRAWN, at=at, by=by, reason=reason)
    batch.status = WeedingBatch.Status.APPROVED
    batch.decided_at = at
    batch.decided_by_label = actor_fields(by)["actor_label"]
    batch.decision_note = note.strip()[:300]
    batch.save(update_fields=["status", "decided_at", "decided_by_label", "decision_note"])
    records = sorted({item.record_id for item in items})
    index_records(records)
    # A record left with no copy leaves the public catalogue: its new datestamp tells OAI-PMH harvesters.
    Record.objects.filter(pk__in=withdrawn_record_ids(records)).update(updated_at=at)
    log.record(
        "shelving.approve_weeding", at=at, by=by, obj=batch,
        detail={"count": len(items), "records": len({item.record_id for item in items}), "reason": batch.reason},
    )  # fmt: skip
    return batch


@transaction.atomic(durable=True)
def send_back_weeding(batch: WeedingBatch, *, note: str = "", at: datetime, by: Any) -> WeedingBatch:
    """The second person sends the batch back to be drawn up again, saying why."""
    batch = _submitted(batch, by)
    batch.status = WeedingBatch.Status.DRAFT
    batch.decided_at = at
    batch.decided_by_label = actor_fields(by)["actor_label"]
    batch.decision_note = note.strip()[:300]
    batch.save(update_fields=["status", "decided_at", "decided_by_label", "decision_note"])
    log.record("shelving.send_back_weeding", at=at, by=by, obj=batch, detail={"note": batch.decision_note})
    return batch
