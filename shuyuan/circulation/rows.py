"""The reads of the checkout and checkin path, in SQL, turned into (partly loaded) model instances.

On the fast path (README, "The fast path"): the ORM spent more time compiling these few SELECTs
than the database took to answer them, and a kiosk waits for every checkout. This module keeps
the SQL text and the columns circulation reads of readers and loans (items: ``catalog.queries``);
``shuyuan.fastsql`` runs them and makes the instances. Any other field loads on access, as with
``QuerySet.only``. Rows are locked (``FOR UPDATE``) where the database knows row locks; SQLite's
IMMEDIATE transactions serialise writers anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db.backends.base.base import BaseDatabaseWrapper

from shuyuan import fastsql
from shuyuan.catalog.models import Collection, Item, ItemType
from shuyuan.catalog.queries import COLLECTION_COLUMNS, ITEM_COLUMNS, ITEM_TYPE_COLUMNS
from shuyuan.circulation.models import Loan
from shuyuan.patrons.models import Patron, PatronCard, PatronCategory

Statement = tuple[str, list[Any]]  # for fastsql.fetch_each
# A value in a statement: SQL and its parameters. An item's id is a parameter (``bound``), or SQL that
# finds it by the code scanned (``catalog.queries.Scan.id_sql``) in a statement sent with the look-up.
Operand = tuple[str, list[Any]]


def bound(value: Any) -> Operand:
    return "%s", [value]


def item_column(item_id: Operand, column: str) -> Operand:
    """A column of the item ``item_id`` stands for, as a subquery."""
    return f"(SELECT {column} FROM {fastsql.table(Item)} WHERE id = {item_id[0]})", item_id[1]


class Probe(NamedTuple):
    """SQL that reads values, with its parameters, for another statement to run (a reader's, or
    ``values_statement``): one value as a scalar subquery, or ``width`` values from a one-row SELECT
    joined to the statement (a reader's three loan counts read the loans once, not three times)."""

    sql: str
    params: list[Any]
    width: int = 1


def width(probes: Sequence[Probe]) -> int:
    """How many values ``probes`` read."""
    return sum(probe.width for probe in probes)


def items_for_update(pks: Sequence[int]) -> list[Item]:
    """Items with their type (``is_loanable``) and their collection (``floats``), locked, by id."""
    return items_from(fastsql.fetch_all(*items_statement(pks)))


def items_statement(pks: Sequence[int]) -> Statement:
    return fastsql.prepared(_items_sql, len(pks)), list(pks)


def items_from(rows: Sequence[Sequence[Any]]) -> list[Item]:
    items, wrapper = [], fastsql.db()
    for row in rows:
        item, at = fastsql.build_joined(row, 0, Item, ITEM_COLUMNS, wrapper=wrapper)
        item_type, at = fastsql.build_joined(row, at, ItemType, ITEM_TYPE_COLUMNS, wrapper=wrapper)
        collection, at = fastsql.build_joined(row, at, Collection, COLLECTION_COLUMNS, wrapper=wrapper)
        assert item is not None
        fastsql.attach(item, item_type=item_type, collection=collection)
        items.append(item)
    return items


def _items_sql(wrapper: BaseDatabaseWrapper, count: int) -> str:
    columns = [
        *fastsql.select_list("i", Item, ITEM_COLUMNS),
        *fastsql.select_list("t", ItemType, ITEM_TYPE_COLUMNS),
        *fastsql.select_list("c", Collection, COLLECTION_COLUMNS),
    ]
    return f"""SELECT {", ".join(columns)}
        FROM {fastsql.table(Item)} i
        JOIN {fastsql.table(ItemType)} t ON t.id = i.item_type_id
        JOIN {fastsql.table(Collection)} c ON c.id = i.collection_id
        WHERE i.id IN ({", ".join(["%s"] * count)}) ORDER BY i.id{fastsql.for_update("i")}"""


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
    return fastsql.prepared(_reader_select, alias)


def _reader_select(wrapper: BaseDatabaseWrapper, alias: str) -> tuple[str, str]:
    columns = ", ".join(
        fastsql.select_list(alias, Patron, PATRON_COLUMNS)
        + fastsql.select_list(f"{alias}_c", PatronCategory, CATEGORY_COLUMNS)
        + fastsql.select_list(f"{alias}_n", PatronCategory, CATEGORY_COLUMNS)
    )
    table = fastsql.table(PatronCategory)
    joins = f"""LEFT JOIN {table} {alias}_c ON {alias}_c.id = {alias}.category_id
        LEFT JOIN {table} {alias}_n ON {alias}_n.id = {alias}_c.next_category_id"""
    return columns, joins


READER_WIDTH = len(PATRON_COLUMNS) + 2 * len(CATEGORY_COLUMNS)


def reader_from(row: Sequence[Any], start: int = 0) -> Patron | None:
    """The reader read by ``reader_select`` at ``row[start]`` (None for a loan without one)."""
    wrapper = fastsql.db()
    patron, at = fastsql.build_joined(row, start, Patron, PATRON_COLUMNS, wrapper=wrapper)
    if patron is None:
        return None
    category, at = fastsql.build_joined(row, at, PatronCategory, CATEGORY_COLUMNS, wrapper=wrapper)
    if category is not None:
        next_category, _end = fastsql.build_joined(row, at, PatronCategory, CATEGORY_COLUMNS, wrapper=wrapper)
        fastsql.attach(category, next_category=next_category)
    fastsql.attach(patron, category=category)
    return patron


def patron_row(pk: int, *, lock: bool = True, extras: Sequence[Probe] = ()) -> tuple[Patron, tuple[Any, ...]]:
    """A reader (locked unless ``lock`` is false), and the values of ``extras`` read in the same
    statement, such as the reader's open loans. Locked, only on SQLite do they see what the lock
    waited for (its IMMEDIATE transaction holds the database from its start); PostgreSQL reads them
    after taking the lock (``locked_patron_then_values``)."""
    return patron_from(fastsql.fetch_all(*patron_statement(pk, lock=lock, extras=extras)), pk)


def locked_patron_then_values(pk: int, extras: Sequence[Probe]) -> tuple[Patron, tuple[Any, ...]]:
    """The reader, locked, and then the values of ``extras`` in a statement of their own, which
    starts once the lock is held and so sees what the lock waited for: one round trip."""
    if not extras:
        return patron_row(pk)[0], ()
    reader, values = fastsql.fetch_each([patron_statement(pk), values_statement(extras)])
    return patron_from(reader, pk)[0], values[0]


def patron_statement(pk: int, *, lock: bool = True, extras: Sequence[Probe] = ()) -> Statement:
    return _reader_statement(pk, by_card=False, lock=lock, extras=extras)


# The id of the reader a statement by card finds, for the extras that read about them: the statement's
# first step, so that the joined extras (which cannot name the reader's row) find it too.
READER_ID = "(SELECT id FROM reader)"


def patron_statement_by_card(value: str, *, extras: Sequence[Probe] = (), lock: bool = False) -> Statement:
    """``patron_statement`` for whichever reader holds the card ``value`` (no row if none does),
    unlocked unless ``lock``: the statement finds the reader, so its extras name them by ``READER_ID``."""
    return _reader_statement(value.strip(), by_card=True, lock=lock, extras=extras)


def _reader_statement(key: int | str, *, by_card: bool, lock: bool, extras: Sequence[Probe]) -> Statement:
    sql = fastsql.prepared(_patron_sql, by_card, lock, _shapes(extras))
    return sql, [key, *_params(extras)] if by_card else [*_params(extras), key]


def patron_from(rows: Sequence[Sequence[Any]], pk: int) -> tuple[Patron, tuple[Any, ...]]:
    if not rows:
        raise Patron.DoesNotExist(pk)
    patron = reader_from(rows[0])
    assert patron is not None
    return patron, tuple(rows[0][READER_WIDTH:])


def _patron_sql(wrapper: BaseDatabaseWrapper, by_card: bool, lock: bool, extras: tuple[tuple[str, int], ...]) -> str:
    columns, joins = reader_select()
    more, tables = _probe_sql(extras)
    return f"""{_card_holder(wrapper) if by_card else ""}SELECT {columns}{"".join(", " + sql for sql in more)}
        FROM {fastsql.table(Patron)} p {joins}{"".join(" CROSS JOIN " + table for table in tables)}
        WHERE p.id = {READER_ID if by_card else "%s"}{fastsql.for_update("p") if lock else ""}"""


def values_of(extras: Sequence[Probe]) -> tuple[Any, ...]:
    """The values ``extras`` read, in one statement."""
    if not extras:
        return ()
    row = fastsql.fetch_one(*values_statement(extras))
    assert row is not None
    return row


def values_statement(extras: Sequence[Probe], *, card: str | None = None) -> Statement:
    """The values ``extras`` read; with ``card``, extras may name the card's holder by ``READER_ID``."""
    more, tables = _probe_sql(_shapes(extras))
    sql = f"SELECT {', '.join(more)}{' FROM ' + ' CROSS JOIN '.join(tables) if tables else ''}"
    if card is None:
        return sql, _params(extras)
    return fastsql.prepared(_card_holder) + sql, [card.strip(), *_params(extras)]


def _card_holder(wrapper: BaseDatabaseWrapper) -> str:
    """The reader a card in use stands for (one parameter, the card's value), for ``READER_ID`` to
    name: none for a card lost or replaced, or left on a record merged into another."""
    return (
        f"WITH reader AS (SELECT c.patron_id AS id FROM {fastsql.table(PatronCard)} c"
        f" JOIN {fastsql.table(Patron)} h ON h.id = c.patron_id WHERE c.value = %s"
        f" AND c.status = {fastsql.literal(PatronCard.Status.ACTIVE)} AND h.merged_into_id IS NULL) "
    )


def _shapes(extras: Sequence[Probe]) -> tuple[tuple[str, int], ...]:
    return tuple((probe.sql, probe.width) for probe in extras)


def _probe_sql(extras: tuple[tuple[str, int], ...]) -> tuple[list[str], list[str]]:
    """The select list's expressions for ``extras``, in order, and the one-row tables they join."""
    columns = [f"({sql})" if size == 1 else f"x{n}.*" for n, (sql, size) in enumerate(extras)]
    return columns, [f"({sql}) x{n}" for n, (sql, size) in enumerate(extras) if size > 1]


def _params(extras: Sequence[Probe]) -> list[Any]:
    """The parameters of ``extras`` in the order their SQL uses them: the select list's, then the joins'."""
    return [value for probe in extras if probe.width == 1 for value in probe.params] + [
        value for probe in extras if probe.width > 1 for value in probe.params
    ]


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


def open_loan_statement(item: Operand) -> Statement:
    return fastsql.prepared(_open_loan_sql, item[0]), item[1]


def loan_from(rows: Sequence[Sequence[Any]]) -> Loan | None:
    """The item's open loan, locked, with its reader (not locked) for the event's snapshot."""
    if not rows:
        return None
    row = rows[0]
    loan = fastsql.build(Loan, LOAN_COLUMNS, row[: len(LOAN_COLUMNS)])
    fastsql.attach(loan, patron=reader_from(row, len(LOAN_COLUMNS)))
    return loan


def _open_loan_sql(wrapper: BaseDatabaseWrapper, item_id: str) -> str:
    columns, joins = reader_select()
    return f"""SELECT {", ".join(fastsql.select_list("l", Loan, LOAN_COLUMNS))}, {columns}
        FROM {fastsql.table(Loan)} l LEFT JOIN {fastsql.table(Patron)} p ON p.id = l.patron_id {joins}
        WHERE l.item_id = {item_id} AND l.status = {fastsql.literal(Loan.Status.OPEN)}{fastsql.for_update("l")}"""
