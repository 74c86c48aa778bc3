"""The search backend of the database in use: one interface, an implementation per engine."""

from __future__ import annotations

from django.conf import settings
from django.db import connections

from .base import Backend

# Counting matches and facet values costs time in proportion to the matches: a one-character query
# can match a fifth of a catalogue. Totals are exact up to COUNT_LIMIT; facets count the newest
# FACET_LIMIT matches (both overridable in settings.SHUYUAN).
# PostgreSQL visits each row it counts (its GIN index gives row addresses, FTS5's doclists are the
# answer), so its limits are lower.
DEFAULT_COUNT_LIMIT = {"sqlite": 50_000, "postgresql": 5_000}
DEFAULT_FACET_LIMIT = {"sqlite": 2_000, "postgresql": 2_000}


def backend(using: str = "default") -> Backend:
    connection = connections[using]
    options = getattr(settings, "SHUYUAN", {})
    limits = {
        "count_limit": int(options.get("SEARCH_COUNT_LIMIT", DEFAULT_COUNT_LIMIT.get(connection.vendor, 5_000))),
        "facet_limit": int(options.get("SEARCH_FACET_LIMIT", DEFAULT_FACET_LIMIT.get(connection.vendor, 2_000))),
    }
    if connection.vendor == "sqlite":
        from .sqlite import SqliteBackend

        return SqliteBackend(connection, **limits)
    if connection.vendor == "postgresql":
        from .postgresql import PostgresBackend

        return PostgresBackend(connection, **limits)
    raise NotImplementedError(f"no search backend for {connection.vendor}")
