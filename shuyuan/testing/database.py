"""The test database as other processes and connections reach it: its URL for the processes a test
starts (``DATABASE_URL``), and what another connection sees committed."""

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any
from unittest import mock
from urllib.parse import quote

from django.db import connection


def database_url(name: str = "") -> str:
    """The test database, or the database ``name`` on the same PostgreSQL server, for a subprocess
    (on PostgreSQL perhaps a unix socket folder as host)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = quote(config["USER"] or "", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{user}{password}@{quote(config['HOST'] or '', safe='')}{port}/{name or config['NAME']}"


def refused_holiday(day: int) -> None:
    """A durable transaction that writes a holiday of May 2016 and is then refused (it raises)."""
    from django.db import transaction

    from shuyuan.branches.models import PublicHoliday

    with transaction.atomic(durable=True):
        PublicHoliday.objects.create(date=date(2016, 5, day), kind=PublicHoliday.Kind.HOLIDAY, name="被拒")
        raise ValueError("refused")


def committed_days() -> set[int]:
    """The days of the holidays another connection sees on disk (SQLite: the test's database file)."""
    with sqlite3.connect(connection.settings_dict["NAME"]) as other:
        return {int(d[-2:]) for (d,) in other.execute("SELECT date FROM branches_publicholiday")}


def round_trips(call: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
    """The round trips to PostgreSQL of ``call``: the fast path's sends (``shuyuan.pgstatements``,
    where a BEGIN or several reads may go with a statement), the ORM's statements, the commits and
    rollbacks. Query logging would send the fast path's statements one by one, so they are counted
    here instead."""
    import psycopg

    from shuyuan import pgstatements

    counted = [0]

    def counting(function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            counted[0] += 1
            return function(*args, **kwargs)

        return call

    with (
        mock.patch.object(pgstatements.Session, "send", counting(pgstatements.Session.send)),
        mock.patch.object(psycopg.Cursor, "execute", counting(psycopg.Cursor.execute)),
        mock.patch.object(psycopg.Connection, "commit", counting(psycopg.Connection.commit)),
        mock.patch.object(psycopg.Connection, "rollback", counting(psycopg.Connection.rollback)),
    ):
        call(*args, **kwargs)
    return counted[0]
