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

from django.db import connection, models
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.utils import timezone

from shuyuan.catalog.models import Collection, Item, ItemType
from shuyuan.circulation.models import Loan
from shuyuan.patrons.models import Patron, PatronCategory

M = TypeVar("M", bound=Model)


def build(model: type[M], names: Sequence[str], values: Sequence[Any]) -> M:
    """A model instance from a row, as ``Model.from_db`` makes it: ``names`` are attribute names
    (``category_id``); fields not given load on access. Without ``Model.__init__`` (which walks
    every field of the model, some fifty for a reader, however few were read) unless someone
    listens to the model's init signals."""
    attnames, order, converters = build_plan(model, tuple(names))
    cleaned = [convert(values[i]) if convert else values[i] for i, convert in zip(order, converters, strict=True)]
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model.from_db(connection.alias, attnames, cleaned)
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, cleaned, strict=True))
    obj._state = ModelState()
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


@cache
def build_plan(model: type[Model], names: tuple[str, ...]) -> tuple[list[str], list[int], list[Any]]:
    """For ``build``: the attribute names in the model's field order (as ``from_db`` takes them),
    where each one is in the row, and how to convert its value (None: the driver's value is right)."""
    position = {name: i for i, name in enumerate(names)}
    fields = [f for f in model._meta.concrete_fields if f.attname in position]
    return [f.attname for f in fields], [position[f.attname] for f in fields], [converter(f) for f in fields]


def converter(field: Any) -> Any:
    if isinstance(field, models.DateTimeField):
        return aware
    if isinstance(field, (models.DateField, models.DecimalField, models.UUIDField, models.JSONField)):
        return field.to_python
    return None


def aware(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = models.DateTimeField().to_python(value)
    if timezone.is_naive(value):
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


def reader_select(alias: str = "p") -> tuple[str, str]:
    """(the select list, the joins) that read a reader ``alias`` with their category and its next
    category (a child's category moves on at an age)."""
    columns = ", ".join(
        [f"{alias}.{c}" for c in PATRON_COLUMNS]
        + [f"{alias}_c.{c}" for c in CATEGORY_COLUMNS]
        + [f"{alias}_n.{c}" for c in CATEGORY_COLUMNS]
    )
    table = PatronCategory._meta.db_table
    joins = f"""LEFT JOIN {table} {alias}_c ON {alias}_c.id = {alias}.category_id
        LEFT JOIN {table} {alias}_n ON {alias}_n.id = {alias}_c.next_category_id"""
    return columns, joins


READER_WIDTH = len(PATRON_COLUMNS) + 2 * len(CATEGORY_COLUMNS)


def reader_from(row: Sequence[Any]) -> Patron | None:
    """The reader read by ``reader_select`` at the start of ``row`` (None for a loan without one)."""
    if row[0] is None:
        return None
    size, width = len(PATRON_COLUMNS), len(CATEGORY_COLUMNS)
    patron = build(Patron, PATRON_COLUMNS, row[:size])
    category = build(PatronCategory, CATEGORY_COLUMNS, row[size : size + width])
    if row[size + width] is not None:
        category.next_category = build(PatronCategory, CATEGORY_COLUMNS, row[size + width : READER_WIDTH])
    patron.category = category
    return patron


def patron_row(
    pk: int, *, lock: bool = True, extras: Sequence[tuple[str, Sequence[Any]]] = ()
) -> tuple[Patron, tuple[Any, ...]]:
    """A reader (locked unless ``lock`` is false), and the values of ``extras``: scalar SQL
    expressions (with their parameters) evaluated in the same statement, such as the reader's open
    loans. Only for reads that see the locked state: SQLite's IMMEDIATE transaction holds the
    database from its start; on PostgreSQL read them after taking the lock (``values_of``)."""
    columns, joins = reader_select()
    more = "".join(f", ({sql})" for sql, _params in extras)
    sql = f"""SELECT {columns}{more} FROM {Patron._meta.db_table} p {joins}
        WHERE p.id = %s{for_update("p") if lock else ""}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(value for _sql, params in extras for value in params), pk])
        row = cursor.fetchone()
    if row is None:
        raise Patron.DoesNotExist(pk)
    patron = reader_from(row)
    assert patron is not None
    return patron, tuple(row[READER_WIDTH:])


def values_of(extras: Sequence[tuple[str, Sequence[Any]]]) -> tuple[Any, ...]:
    """The values of scalar SQL expressions, in one statement."""
    if not extras:
        return ()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"({sql})" for sql, _params in extras),
            [value for _sql, params in extras for value in params],
        )
        return tuple(cursor.fetchone())


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
    """The item's open loan, locked, with its reader (not locked) for the event's snapshot: one
    statement."""
    columns, joins = reader_select()
    sql = f"""SELECT {", ".join(f"l.{c}" for c in LOAN_COLUMNS)}, {columns}
        FROM {Loan._meta.db_table} l LEFT JOIN {Patron._meta.db_table} p ON p.id = l.patron_id {joins}
        WHERE l.item_id = %s AND l.status = %s{for_update("l")}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [item_id, Loan.Status.OPEN])
        row = cursor.fetchone()
    if row is None:
        return None
    loan = build(Loan, LOAN_COLUMNS, row[: len(LOAN_COLUMNS)])
    patron = reader_from(row[len(LOAN_COLUMNS) :])
    if patron is not None:
        loan.patron = patron
    return loan


@cache
def insert_statement(model: type[Model], vendor: str) -> tuple[str, tuple[tuple[Any, str, Any], ...]]:
    """The INSERT of every column but the id, and per column (field, attribute name, the type of
    value the driver takes as it is, or None when the field must prepare it)."""
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks}) RETURNING id"
    return sql, tuple((f, f.attname, ready_type(f)) for f in fields)


def ready_type(field: Any) -> Any:
    """The Python type a field's ``get_db_prep_save`` returns unchanged (fields with automatic
    values, like ``auto_now``, always go the long way)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return None
    if isinstance(field, models.ForeignKey):
        return ready_type(field.target_field)
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, (models.CharField, models.TextField)) and not isinstance(field, models.JSONField):
        return str
    if isinstance(field, models.IntegerField):  # includes the auto fields a foreign key points to
        return int
    return None


def insert(obj: M) -> M:
    """Insert a new row for ``obj`` as ``obj.save()`` would, by one prepared statement (the ORM's
    save compiles its INSERT anew each time; loans and events are written by every checkout)."""
    sql, plan = insert_statement(type(obj), connection.vendor)
    values = [prepared(obj, field, attname, ready) for field, attname, ready in plan]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


def prepared(obj: Model, field: Any, attname: str, ready: Any) -> Any:
    value = getattr(obj, attname)
    if value is None:
        return None
    if ready is not None and isinstance(value, ready) and not (ready is int and isinstance(value, bool)):
        return value
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


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
