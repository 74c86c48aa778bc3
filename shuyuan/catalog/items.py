"""Building blocks on items for other domains' services: they open no transaction of their own."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from shuyuan import fastsql
from shuyuan.audit import log
from shuyuan.audit.log import actor_fields
from shuyuan.branches.models import Branch
from shuyuan.catalog import callnumbers
from shuyuan.catalog.barcodes import draw_barcodes
from shuyuan.catalog.conf import catalog_settings
from shuyuan.catalog.models import Collection, Item, ItemStatusChange, ItemType, OldBarcode, Record
from shuyuan.catalog.search import index_records


def set_status(
    item: Item, status: str, *, at: datetime, by: Any, reason: str = "", current_branch: Branch | None = None
) -> Item:
    """Change an item's status (and optionally where it is), recording the change.

    The caller's transaction must hold the item's row lock (``select_for_update``). Its UPDATE and
    INSERT are on the fast path (``shuyuan.fastsql``), together in one statement on PostgreSQL: every
    checkout and checkin comes through here, and the ORM's compilation of them cost more than the
    database's work on them.
    """
    old = item.status
    # Only a real move writes the column: SQLite rewrites an index entry for every column SET.
    moves = current_branch is not None and current_branch.pk != item.current_branch_id
    when = fastsql.db_datetime(at)
    with fastsql.together():
        if moves:
            fastsql.execute(fastsql.prepared(_update_sql, True), [status, when, current_branch.pk, item.pk])  # type: ignore[union-attr]
        else:
            fastsql.execute(fastsql.prepared(_update_sql, False), [status, when, item.pk])
        if old != status:
            values = [item.pk, old, status, when, actor_fields(by)["actor_label"], reason]
            fastsql.execute(fastsql.prepared(_history_sql), values)
    item.status = status
    item.status_changed_at = at
    if current_branch is not None:
        item.current_branch = current_branch
    return item


def _update_sql(wrapper: BaseDatabaseWrapper, moves: bool) -> str:
    """The item's new status (and, when it moves, its current branch)."""
    column = {name: fastsql.column(Item, name) for name in ("status", "status_changed_at", "current_branch")}
    sets = f"{column['status']} = %s, {column['status_changed_at']} = %s"
    if moves:
        sets += f", {column['current_branch']} = %s"
    return f"UPDATE {fastsql.table(Item)} SET {sets} WHERE id = %s"


STATUS_CHANGE_COLUMNS = ("item", "old_status", "new_status", "at", "by_label", "reason")


def _history_sql(wrapper: BaseDatabaseWrapper) -> str:
    columns = ", ".join(fastsql.column(ItemStatusChange, name) for name in STATUS_CHANGE_COLUMNS)
    marks = ", ".join(["%s"] * len(STATUS_CHANGE_COLUMNS))
    return f"INSERT INTO {fastsql.table(ItemStatusChange)} ({columns}) VALUES ({marks})"


def relocate(
    item: Item, *, home_branch: Branch, collection: Collection | None = None, at: datetime, by: Any, reason: str = ""
) -> Item:
    """Make ``home_branch`` the item's home for good (and ``collection``, one of that branch's, its
    collection), so that a return anywhere sends it there from now on: :func:`relocate_all` of one."""
    relocate_all([item], home_branch=home_branch, collection=collection, at=at, by=by, reason=reason)
    return item


def relocate_all(
    items: Sequence[Item],
    *,
    home_branch: Branch,
    collection: Collection | None = None,
    at: datetime,
    by: Any,
    reason: str = "",
) -> None:
    """Make ``home_branch`` (and ``collection``) the home of ``items`` for good. Their status and
    where they are now do not change. Each move is recorded in the audit log with ``reason`` (say, a
    batch's manifest number), since ItemStatusChange records only changes of status. Branch and
    collection are search facets, so the records are re-indexed, once for all the items.

    The caller's transaction must hold the items' row locks.
    """
    if collection is not None and collection.branch_id != home_branch.pk:
        raise ValueError(f"collection {collection.code} does not belong to branch {home_branch.code}")
    fields: dict[str, Any] = {"home_branch": home_branch}
    if collection is not None:
        fields["collection"] = collection
    Item.objects.filter(pk__in=[item.pk for item in items]).update(**fields)
    for item in items:
        before = {"home_branch": item.home_branch_id, "collection": item.collection_id}
        for name, value in fields.items():
            setattr(item, name, value)
        log.record(
            "catalog.item_relocated",
            at=at,
            by=by,
            obj=item,
            detail={
                "barcode": item.barcode,
                "from_branch": before["home_branch"],
                "to_branch": home_branch.pk,
                "from_collection": before["collection"],
                "to_collection": item.collection_id,
                "reason": reason[:200],
            },
        )
    index_records(sorted({item.record_id for item in items}))


def create_items(
    record: Record,
    count: int,
    *,
    collection: Collection,
    item_type: ItemType,
    at: datetime,
    by: Any,
    call_number: str | None = None,
    volume: str = "",
    price: Decimal | None = None,
    note: str = "",
    reason: str = "",
    barcodes: Sequence[str] | None = None,
    index: bool = True,
) -> list[Item]:
    """``count`` new copies of ``record`` in ``collection`` (whose branch becomes their home and where
    they are), "in processing" until they are labelled and shelved. Barcodes come from the configured
    sequence (``SHUYUAN["CATALOG"]["BARCODE_PREFIX"]``), skipping any a copy already carries, now or as
    an old barcode. Each copy's history starts with a row from no status to "in processing", with
    ``reason`` (say, an order line or a binding). Receiving, binding and cataloguing create copies
    through this only.

    ``barcodes``, when given (a vendor's copies come labelled), are used instead of the sequence, one
    per copy; the caller has checked that no copy carries them (the unique constraint refuses one that does).
    ``index=False`` leaves the search index to the caller, who indexes the records of many calls at once
    (a shipment of many titles) in the same transaction.

    Opens no transaction: the caller's service holds one, so the sequence's row lock and the copies
    commit or roll back together.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, not {count}")
    if barcodes is not None and len(barcodes) != count:
        raise ValueError(f"{len(barcodes)} barcodes for {count} copies")
    call_number = (record.call_number if call_number is None else call_number).strip()
    barcodes = list(barcodes) if barcodes is not None else free_barcodes(count)
    branch_id = collection.branch_id
    items = Item.objects.bulk_create(
        Item(
            record=record,
            barcode=barcode,
            item_type=item_type,
            collection=collection,
            call_number=call_number,
            call_number_sort=callnumbers.sort_key(call_number),
            volume=volume,
            note=note,
            price=price,
            home_branch_id=branch_id,
            current_branch_id=branch_id,
            status=Item.Status.IN_PROCESSING,
            created_at=at,
            status_changed_at=at,
        )
        for barcode in barcodes
    )
    label = actor_fields(by)["actor_label"]
    ItemStatusChange.objects.bulk_create(
        ItemStatusChange(
            item=item, old_status="", new_status=Item.Status.IN_PROCESSING, at=at, by_label=label, reason=reason[:100]
        )
        for item in items
    )
    if index:
        index_records([record.pk])
    return items


def free_barcodes(count: int) -> list[str]:
    """``count`` barcodes from the configured sequence that no copy carries, now or as an old barcode
    (a library that imported labelled copies may already use numbers the sequence has not reached)."""
    configured = catalog_settings()
    found: list[str] = []
    while len(found) < count:
        drawn = draw_barcodes(configured.barcode_prefix, count - len(found), width=configured.barcode_digits)
        taken = set(Item.objects.filter(barcode__in=drawn).values_list("barcode", flat=True))
        taken |= set(OldBarcode.objects.filter(barcode__in=drawn).values_list("barcode", flat=True))
        found.extend(barcode for barcode in drawn if barcode not in taken)
    return found


def add_collection(code: str, name: str, *, branch: Branch, shelving_location: str = "") -> Collection:
    """A new collection at ``branch`` (a new branch's books); opens no transaction."""
    return Collection.objects.create(code=code, name=name, branch=branch, shelving_location=shelving_location)


def set_rfid_tag(item: Item, tag: str | None, *, at: datetime, by: Any) -> Item:
    """Link the RFID tag ``tag`` to ``item`` (None unlinks it), recorded in the audit log; the item
    is found by its tag wherever a barcode is scanned (``queries.item_by_barcode``). A tag is one
    item's only: the unique constraint refuses a second, so the caller checks first. Opens no transaction."""
    before = item.rfid_tag
    Item.objects.filter(pk=item.pk).update(rfid_tag=tag)
    item.rfid_tag = tag
    log.record(
        "catalog.link_rfid_tag",
        at=at,
        by=by,
        obj=item,
        detail={"barcode": item.barcode, "was": before or "", "to": tag or ""},
    )
    return item
