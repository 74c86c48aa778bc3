"""Multi-row INSERT for imports, without the ORM's per-value preparation.

`bulk_create` spends most of an import's database time preparing each value of each row through
its field (a million calls for 20 000 records and their copies). The import knows its values are
already plain (strings, numbers, bytes, one timestamp per batch), so it inserts them directly,
in statements under the engines' parameter limits, with RETURNING for the new ids (SQLite 3.35+
and PostgreSQL keep the order of VALUES, as Django's own bulk_create relies on).

Statements carry a power of two of rows: Python's sqlite3 keeps the last 128 statements prepared,
each holding the values last bound to it, so a statement for every batch size (497 rows, 498, …,
each with its records' MARC) kept tens of megabytes alive in a long import.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from django.db import connection, models

_MAX_PARAMETERS = 30_000  # SQLite allows 32 766 per statement, PostgreSQL 65 535


def db_datetime(value: datetime) -> Any:
    """A timestamp as the engine stores it (SQLite: naive UTC text), computed once per batch."""
    return connection.ops.adapt_datetimefield_value(value)


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, returning_ids: bool = False
) -> list[int]:
    """Insert rows of values for `columns` (field names; `_id` for foreign keys); the new ids if asked."""
    if not rows:
        return []
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(cast(models.Field, meta.get_field(name)).column) for name in columns)
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, _MAX_PARAMETERS // len(columns))
    returning = f" RETURNING {quote(meta.pk.column)}" if returning_ids else ""
    ids: list[int] = []
    with connection.cursor() as cursor:
        start = 0
        while start < len(rows):
            count = 1 << (min(len(rows) - start, per_statement).bit_length() - 1)
            part = rows[start : start + count]
            sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES {', '.join([one_row] * count)}{returning}"
            cursor.execute(sql, [value for row in part for value in row])
            if returning_ids:
                ids.extend(row[0] for row in cursor.fetchall())
            start += count
    return ids
