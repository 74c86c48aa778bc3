"""Reads worth naming for the catalogue and the domains that use it.

``item_by_barcode`` is the one look-up of a scanned item, for every adapter (SIP2, the desk, the
API). It is on the fast path (every kiosk message about an item starts here), so it is SQL through
``shuyuan.fastsql``; the column tuples below are the ones every fast read of these models uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Model, Q

from shuyuan import fastsql
from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Collection, Item, ItemType, OldBarcode, Record

ITEM_COLUMNS = (
    "id",
    "record_id",
    "barcode",
    "item_type_id",
    "collection_id",
    "home_branch_id",
    "current_branch_id",
    "status",
    "call_number",
)
RECORD_COLUMNS = ("id", "title")
ITEM_TYPE_COLUMNS = ("id", "code", "name", "is_loanable", "media_type", "security_marker")
COLLECTION_COLUMNS = ("id", "code", "name", "shelving_location", "floats", "branch_id")
BRANCH_COLUMNS = ("id", "code", "name")

# What a scanned item is read with: (the relation on Item, its model, its columns).
ITEM_RELATED: tuple[tuple[str, type[Model], tuple[str, ...]], ...] = (
    ("record", Record, RECORD_COLUMNS),
    ("item_type", ItemType, ITEM_TYPE_COLUMNS),
    ("collection", Collection, COLLECTION_COLUMNS),
    ("home_branch", Branch, BRANCH_COLUMNS),
    ("current_branch", Branch, BRANCH_COLUMNS),
)


def item_by_barcode(code: str, *, also: Sequence[type[Model]] = ()) -> Item | None:
    """The item a scanned code stands for: its barcode, a barcode it carried before it was
    relabelled (``OldBarcode``: conversion, 重新贴标) or its RFID tag id, in that order of
    precedence; None when nothing matches.

    The item comes with its record's title, its type, collection and branches (``ITEM_RELATED``);
    other fields load on access. ``also`` names models an adapter keeps beside an item, one row per
    item keyed by it (SIP2's stored item properties): they are read in the same statement and
    cached on the item (None where there is no row). One statement in all."""
    statement = item_statement(code, also=also)
    return None if statement is None else item_from(fastsql.fetch_all(*statement), also=also)


def item_statement(code: str, *, also: Sequence[type[Model]] = (), lock: bool = False) -> tuple[str, list[str]] | None:
    """``item_by_barcode``'s statement, for an adapter that sends it with other reads
    (``fastsql.fetch_each``) and builds the item with ``item_from``; None for a blank code. With
    ``lock``, the item's row is locked (``FOR UPDATE``), as a service's first read of it."""
    code = code.strip()
    return (fastsql.prepared(_item_sql, tuple(also), lock), [code] * 3) if code else None


@dataclass
class Scan:
    """A scanned code for a service to look up with its own first reads, in the same round trip
    (``circulation.checkin``, ``checkout``): ``statement`` reads the item as ``item_by_barcode`` does, locked, and
    ``id_sql`` is its id for the statements sent after it; ``item`` is what was found."""

    code: str
    also: tuple[type[Model], ...] = ()
    item: Item | None = None

    def statement(self) -> tuple[str, list[str]] | None:
        return item_statement(self.code, also=self.also, lock=True)

    def id_sql(self) -> tuple[str, list[str]]:
        return fastsql.prepared(_item_id_sql), [self.code.strip()] * 3

    def found(self, rows: Sequence[Sequence[Any]]) -> Item | None:
        self.item = item_from(rows, also=self.also)
        return self.item


def item_from(rows: Sequence[Sequence[Any]], *, also: Sequence[type[Model]] = ()) -> Item | None:
    if not rows:
        return None
    row, wrapper = rows[0], fastsql.db()
    item = fastsql.build(Item, ITEM_COLUMNS, row[: len(ITEM_COLUMNS)], wrapper=wrapper)
    at = len(ITEM_COLUMNS)
    for name, model, names in ITEM_RELATED:
        related, at = fastsql.build_joined(row, at, model, names, wrapper=wrapper)
        fastsql.attach(item, **{name: related})
    for model in also:
        kept, at = fastsql.build_joined(row, at, model, fastsql.all_columns(model), wrapper=wrapper)
        model._meta.pk.remote_field.set_cached_value(item, kept)  # type: ignore[union-attr]
    return item


def _item_id_sql(wrapper: BaseDatabaseWrapper) -> str:
    """The id of the item a code stands for (three parameters: the code): each code is unique, so
    the item is the first of three index probes that finds one (COALESCE of scalar subqueries).
    Joined by OR, SQLite with planner statistics scanned the whole item table at county scale (280
    ms a scan). Gathered by UNION ALL, sorted by precedence and cut to one row, the statement cost
    PostgreSQL's backend 95 µs a run against 70 (bench/results/pg-city/LOG.md)."""
    items = fastsql.table(Item)
    return (
        f"COALESCE((SELECT id FROM {items} WHERE barcode = %s), (SELECT id FROM {items} WHERE rfid_tag = %s),"
        f" (SELECT item_id FROM {fastsql.table(OldBarcode)} WHERE barcode = %s))"
    )


def _item_sql(wrapper: BaseDatabaseWrapper, also: tuple[type[Model], ...], lock: bool) -> str:
    columns = fastsql.select_list("i", Item, ITEM_COLUMNS)
    joins = []
    for n, (name, model, names) in enumerate(ITEM_RELATED):
        columns += fastsql.select_list(f"t{n}", model, names)
        joins.append(f"LEFT JOIN {fastsql.table(model)} t{n} ON t{n}.id = i.{fastsql.column(Item, name)}")
    for n, model in enumerate(also):
        pk = model._meta.pk
        if pk is None or pk.remote_field is None or pk.remote_field.model is not Item:
            raise ValueError(f"{model.__name__} is not keyed by the item")
        columns += fastsql.select_list(f"a{n}", model, fastsql.all_columns(model))
        joins.append(f"LEFT JOIN {fastsql.table(model)} a{n} ON a{n}.{pk.column} = i.id")
    found = f"i.id = {_item_id_sql(wrapper)}{fastsql.for_update('i') if lock else ''}"
    return f"SELECT {', '.join(columns)} FROM {fastsql.table(Item)} i {' '.join(joins)} WHERE {found}"


def item_ids_by_codes(codes: Sequence[str]) -> dict[str, int]:
    """:func:`item_by_barcode` for many codes at once (a handheld reader's file): each code that
    stands for an item, mapped to its id, with the same precedence (barcode, RFID tag id, old
    barcode). A few statements per thousand codes instead of one per code."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    found: dict[str, int] = {}
    for first in range(0, len(wanted), 900):  # under SQLite's limit of bound parameters
        chunk = wanted[first : first + 900]
        for lookup in (
            Item.objects.filter(barcode__in=chunk).values_list("barcode", "id"),
            Item.objects.filter(rfid_tag__in=chunk).values_list("rfid_tag", "id"),
            OldBarcode.objects.filter(barcode__in=chunk).values_list("barcode", "item_id"),
        ):
            for code, item_id in lookup:
                if code:
                    found.setdefault(code, item_id)
    return found


def withdrawn_record_ids(record_ids: Iterable[int]) -> set[int]:
    """Those of the records whose every copy is withdrawn (剔旧): the catalogue keeps them, with
    their history, and the public catalogue hides them. A record with no copies yet is not one."""
    wanted = list(record_ids)
    counts = (
        Item.objects.filter(record_id__in=wanted)
        .values("record_id")
        .annotate(total=Count("id"), gone=Count("id", filter=Q(status=Item.Status.WITHDRAWN)))
    )
    return {row["record_id"] for row in counts if row["total"] == row["gone"]}
