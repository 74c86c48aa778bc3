"""The reads of the checkout and checkin path, in SQL, turned into (partly loaded) model instances.

Measured: the ORM spent more time compiling these few SELECTs than the database took to answer
them, and a kiosk waits for every checkout. Only columns circulation reads are loaded; any other
field loads on access, as with ``QuerySet.only``. Rows are locked (``FOR UPDATE``) where the
database knows row locks; SQLite's IMMEDIATE transactions serialise writers anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from shuyuan.catalog.models import Collection, Item, ItemType
from shuyuan.circulation.models import CirculationPolicy, Loan
from shuyuan.patrons.models import Patron, PatronCategory

M = TypeVar("M", bound=Model)


def build(model: type[M], names: Sequence[str], values: Sequence[Any]) -> M:
    """A model instance from a row: ``names`` are attribute names (``category_id``)."""
    given = dict(zip(names, values, strict=True))
    # from_db takes the values in the model's field order
    fields = [f for f in model._meta.concrete_fields if f.attname in given]
    cleaned = [clean(f, given[f.attname]) for f in fields]
    return model.from_db(connection.alias, [f.attname for f in fields], cleaned)


def clean(field: Any, value: Any) -> Any:
    if value is None:
        return None
    value = field.to_python(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)  # SQLite keeps UTC without an offset
    return value


def for_update(alias: str) -> str:
    if not connection.features.has_select_for_update:
        return ""
    return f" FOR UPDATE OF {alias}" if connection.features.has_select_for_update_of else " FOR UPDATE"


ITEM_COLUMNS = (
    "id",
    "record_id",
    "barcode",
    "item_type_id",
    "collection_id",
    "home_branch_id",
    "current_branch_id",
    "status",
)


def items_for_update(pks: Sequence[int]) -> list[Item]:
    """Items with their type's ``is_loanable`` and their collection's ``floats``, locked, by id."""
    marks = ", ".join(["%s"] * len(pks))
    sql = f"""SELECT {", ".join(f"i.{c}" for c in ITEM_COLUMNS)}, t.is_loanable, c.floats
        FROM {Item._meta.db_table} i
        JOIN {ItemType._meta.db_table} t ON t.id = i.item_type_id
        JOIN {Collection._meta.db_table} c ON c.id = i.collection_id
        WHERE i.id IN ({marks}) ORDER BY i.id{for_update("i")}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(pks))
        rows = cursor.fetchall()
    items = []
    for *values, is_loanable, floats in rows:
        item = build(Item, ITEM_COLUMNS, values)
        item.item_type = build(ItemType, ("id", "is_loanable"), (item.item_type_id, is_loanable))
        item.collection = build(Collection, ("id", "floats"), (item.collection_id, floats))
        items.append(item)
    return items


PATRON_COLUMNS = (
    "id",
    "card_number",
    "status",
    "expires_on",
    "birth_date",
    "reader_token",
    "home_branch_id",
    "keeps_reading_history",
    "category_id",
)
CATEGORY_COLUMNS = ("id", "kind", "max_age", "next_category_id")


def patron_for_update(pk: int, *, lock: bool = True) -> Patron:
    """A reader with their category and its next category (a child's category moves on at an age)."""
    sql = f"""SELECT {", ".join(f"p.{c}" for c in PATRON_COLUMNS)},
            {", ".join(f"c.{c}" for c in CATEGORY_COLUMNS)}, {", ".join(f"n.{c}" for c in CATEGORY_COLUMNS)}
        FROM {Patron._meta.db_table} p
        JOIN {PatronCategory._meta.db_table} c ON c.id = p.category_id
        LEFT JOIN {PatronCategory._meta.db_table} n ON n.id = c.next_category_id
        WHERE p.id = %s{for_update("p") if lock else ""}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        raise Patron.DoesNotExist(pk)
    size, width = len(PATRON_COLUMNS), len(CATEGORY_COLUMNS)
    patron = build(Patron, PATRON_COLUMNS, row[:size])
    category = build(PatronCategory, CATEGORY_COLUMNS, row[size : size + width])
    if row[size + width] is not None:
        category.next_category = build(PatronCategory, CATEGORY_COLUMNS, row[size + width :])
    patron.category = category
    return patron


def policy(library_id: int) -> CirculationPolicy:
    """The library's circulation policy, or one with the defaults if it has none."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CirculationPolicy._meta.db_table} WHERE library_id = %s", [library_id])
        row = cursor.fetchone()
        names = [d[0] for d in cursor.description]
    return build(CirculationPolicy, names, row) if row is not None else CirculationPolicy(library_id=library_id)


LOAN_COLUMNS = (
    "id",
    "item_id",
    "patron_id",
    "item_type_id",
    "branch_id",
    "service_point_id",
    "channel",
    "status",
    "checked_out_at",
    "due_at",
    "renewals",
    "is_group_loan",
    "closed_at",
    "return_branch_id",
    "overdue_days",
)


def open_loan_for_update(item_id: int) -> Loan | None:
    """The item's open loan, locked, with its reader (not locked) for the event's snapshot."""
    sql = f"""SELECT {", ".join(LOAN_COLUMNS)} FROM {Loan._meta.db_table}
        WHERE item_id = %s AND status = %s{for_update(Loan._meta.db_table)}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [item_id, Loan.Status.OPEN])
        row = cursor.fetchone()
    if row is None:
        return None
    loan = build(Loan, LOAN_COLUMNS, row)
    if loan.patron_id is not None:
        loan.patron = patron_for_update(loan.patron_id, lock=False)
    return loan


@cache
def insert_statement(model: type[Model], vendor: str) -> tuple[str, tuple[Any, ...]]:
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks}) RETURNING id", fields


def insert(obj: M) -> M:
    """Insert a new row for ``obj`` as ``obj.save()`` would, by one prepared statement (the ORM's
    save compiles its INSERT anew each time; loans and events are written by every checkout)."""
    sql, fields = insert_statement(type(obj), connection.vendor)
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


@cache
def update_statement(model: type[Model], names: tuple[str, ...], vendor: str) -> tuple[str, tuple[Any, ...]]:
    fields = tuple(model._meta.get_field(name) for name in names)
    sets = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)  # type: ignore[union-attr]
    return f"UPDATE {model._meta.db_table} SET {sets} WHERE id = %s", fields


def update(obj: Model, *names: str) -> None:
    """``obj.save(update_fields=names)`` by one prepared statement."""
    sql, fields = update_statement(type(obj), names, connection.vendor)
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, obj.pk])
