"""Database triggers that Django's migrations do not track: what each is, whether it is there, and
putting it back.

Django knows nothing of a trigger created by a migration's SQL. When its SQLite schema editor
rebuilds a table (most field and constraint changes do: a new table is created, the rows copied,
the old table dropped), the table's triggers go with the old table, without any error. Each domain
therefore declares its triggers as :class:`Trigger` values (``audit.triggers``,
``circulation.triggers``); ``shuyuan.checks`` lists them, names any that are missing, and installs
them again after every ``migrate``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

PRESENT_SQL = {
    "sqlite": "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": (
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = ANY (current_schemas(false))"
    ),
}


@dataclass(frozen=True)
class Trigger:
    """One trigger on one engine: its name, its table, the statements that create it (on PostgreSQL
    a ``CREATE OR REPLACE FUNCTION`` first), those that make up for what it missed while it was
    gone (run after it is installed again), and the other tables its body writes."""

    name: str
    table: str
    create: tuple[str, ...]
    repair: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.name} ({self.table})"


def present(connection: Any) -> set[tuple[str, str]]:
    """(name, table) of every trigger in the database."""
    with connection.cursor() as cursor:
        cursor.execute(PRESENT_SQL[connection.vendor])
        return {(name, table) for name, table in cursor.fetchall()}


def tables(connection: Any) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def missing(connection: Any, expected: Sequence[Trigger]) -> list[Trigger]:
    """The expected triggers that are not there, on tables that are (a table a migration has not
    created yet has no triggers to lose, and a trigger whose body writes a table not created yet
    would make every write fail)."""
    found, existing = present(connection), tables(connection)
    return [t for t in expected if {t.table, *t.uses} <= existing and (t.name, t.table) not in found]


def install(connection: Any, expected: Sequence[Trigger]) -> list[Trigger]:
    """Create the expected triggers that are missing, then run their repairs; the others are left as
    they are, so running it again changes nothing. Returns those it installed."""
    absent = missing(connection, expected)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for trigger in absent:
            for sql in trigger.create:
                cursor.execute(sql)
        for sql in unique(sql for trigger in absent for sql in trigger.repair):
            cursor.execute(sql)
    return absent


def unique(statements: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(statements))
