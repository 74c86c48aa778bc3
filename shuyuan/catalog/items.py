"""Building blocks on items for other domains' services: they open no transaction of their own."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model

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

    The caller's transaction must hold the item's row lock (``select_for_update``). Written as two
    prepared statements: every checkout and checkin comes through here, and the ORM's compilation
    of this UPDATE and INSERT cost more than the database's work on them.
    """
    old = item.status
    # Only a real move writes the column: SQLite rewrites an index entry for every column SET.
    moves = current_branch is not None and current_branch.pk != item.current_branch_id
    when = connection.ops.adapt_datetimefield_value(at)
    update, insert = status_statements(connection.vendor)
    with connection.cursor() as cursor:
        if moves:
            cursor.execute(update[moves], [status, when, current_branch.pk, item.pk])  # type: ignore[union-attr]
        else:
            cursor.execute(update[moves], [status, when, item.pk])
        if old != status:
            cursor.execute(insert, [item.pk, old, status, when, actor_fields(by)["actor_label"], reason])
    item.status = status
    item.status_changed_at = at
    if current_branch is not None:
        item.current_branch = current_branch
    return item


@cache
def status_statements(vendor: str) -> tuple[dict[bool, str], str]:
    """(UPDATE without and with the current branch, INSERT of the ItemStatusChange), per engine."""
    quote = connection.ops.quote_name
    column = {name: quote(column_of(Item, name)) for name in ("status", "status_changed_at", "current_branch")}
    sets = f"{column['status']} = %s, {column['status_changed_at']} = %s"
    table = quote(Item._meta.db_table)
    update = {
        False: f"UPDATE {table} SET {sets} WHERE id = %s",
        True: f"UPDATE {table} SET {sets}, {column['current_branch']} = %s WHERE id = %s",
    }
    names = ("item", "old_status", "new_status", "at", "by_label", "reason")
    columns = ", ".join(quote(column_of(ItemStatusChange, name)) for name in names)
    insert = f"INSERT INTO {quote(ItemStatusChange._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"
    return update, insert


def column_of(model: type[Model], name: str) -> str:
    return cast(Field, model._meta.get_field(name)).column  # type: ignore[type-arg]


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
) -> list[Item]:
    """``count`` new copies of ``record`` in ``collection`` (whose branch becomes their home and where
    they are), "in processing" until they are labelled and shelved. Barcodes come from the configured
    sequence (``SHUYUAN["CATALOG"]["BARCODE_PREFIX"]``), skipping any a copy already carries, now or as
    an old barcode. Each copy's history starts with a row from no status to "in processing", with
    ``reason`` (say, an order line or a binding). Receiving, binding and cataloguing create copies
    through this only.

    ``barcodes`` (as many as ``count``) are labels already stuck on the copies; the caller has made
    sure that no copy carries them.

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
