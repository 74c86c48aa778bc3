"""One commit for a request's several transactions, where the database allows it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def one_commit(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """On SQLite, the transactions run inside become savepoints of one transaction, synced to disk
    once when the block ends (``DatabaseWrapper.group_commit``): answer no one before it has ended.
    Elsewhere, or inside a transaction already (a test's), the block changes nothing."""
    connection = connections[using]
    group_commit = getattr(connection, "group_commit", None)
    if group_commit is None or connection.in_atomic_block:
        yield
        return
    with group_commit():
        yield
