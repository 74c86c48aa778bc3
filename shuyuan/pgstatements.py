"""The fast path's statements on PostgreSQL, run through psycopg's libpq layer (``psycopg.pq``).

A statement through psycopg's cursor cost about 65 µs of client CPU, round trip included, and half
of that was the cursor's Python: converting the query, looking for a prepared statement, pumping
its generators. Here a statement is converted once, prepared once per connection under its own name,
and run with one libpq call; values are dumped and rows loaded by psycopg's own adapters (its C
``Transformer``, with the adapters Django registered on the connection), so values arrive exactly
as through a cursor. The first statement of a transaction takes the ``BEGIN`` with it in one round
trip (libpq's pipeline mode), where psycopg sends it alone and waits for it, statements sent
together (``fastsql.fetch_each``) share one, and an act's last writes can wait to go with the next
statement or with the ``COMMIT`` (``fastsql.together(last=True)``). Measured: README, "A city on
PostgreSQL".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import psycopg
from psycopg import errors, generators, pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.pq.abc import PGconn, PGresult

_TUPLES_OK = pq.ExecStatus.TUPLES_OK
_FATAL_ERROR = pq.ExecStatus.FATAL_ERROR
_IDLE = pq.TransactionStatus.IDLE
_PLACEHOLDER = re.compile(r"%(.)", re.DOTALL)
_MAX_PREPARED = 200  # statements a connection keeps prepared; the fast path has fewer than 100
_NO_SUCH_STATEMENT = "26000"


def numbered(sql: str) -> bytes:
    """``%s`` → ``$1``, ``$2``…; ``%%`` → ``%``. The fast path binds by position only."""
    count = itertools.count(1)

    def replace(match: re.Match[str]) -> str:
        if match.group(1) == "%":
            return "%"
        if match.group(1) != "s":
            raise ValueError(f"the fast path takes only %s placeholders, not %{match.group(1)}: {sql[:80]}")
        return f"${next(count)}"

    return _PLACEHOLDER.sub(replace, sql).encode()


class Session:
    """One psycopg connection's fast-path statements (one thread uses it, as Django's connections)."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection
        self.transformer = Transformer.from_context(connection)
        self.queries: dict[str, bytes] = {}
        self.names: dict[tuple[str, tuple[int, ...]], bytes] = {}  # oldest first
        self.numbers = itertools.count()
        self.waiting: list[Bound] = []  # writes that go with the next statement or the COMMIT

    def run(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple[Any, ...]]]:
        """The rows of each statement (none for a statement without), run in order and sent in one
        round trip, after the writes waiting; the first error as psycopg raises it (the statements
        after it do not run)."""
        bound = [self.bind(sql, params) for sql, params in statements]
        waiting, self.waiting = self.waiting, []
        results = self.send([*waiting, *bound])[len(waiting) :]
        rows = []
        tx = self.transformer
        for result in results:
            if result.status == _TUPLES_OK:
                tx.set_pgresult(result)
                rows.append(tx.load_rows(0, result.ntuples, tuple))
            else:
                rows.append([])
        return rows

    def defer(self, sql: str, params: Sequence[Any]) -> None:
        """Keep a write to send with the next statement or the ``COMMIT`` (its error arrives then)."""
        self.waiting.append(self.bind(sql, params))

    def commit(self) -> None:
        """``COMMIT``, with the writes waiting, in one round trip. If a write fails, nothing after it
        runs and its error is raised: the transaction is left failed, for the caller to roll back."""
        waiting, self.waiting = self.waiting, []
        self.send(waiting, commit=True)

    def bind(self, sql: str, params: Sequence[Any]) -> Bound:
        query = self.queries.get(sql)
        if query is None:
            query = self.queries[sql] = numbered(sql)
        tx = self.transformer
        values = tx.dump_sequence(params, [PyFormat.AUTO] * len(params))
        types, formats = tuple(tx.types or ()), tx.formats
        name = self.prepared(sql, query, types) if self.connection.prepare_threshold is not None else None
        return Bound(name, query, values, types, formats)

    def prepared(self, sql: str, query: bytes, types: tuple[int, ...]) -> bytes:
        """The statement's name on this connection, prepared now if it is not yet (one per set of
        parameter types, as psycopg keys its own: a small id is dumped as int2, a big one as int8)."""
        key = (sql, types)
        name = self.names.get(key)
        if name is None:
            if len(self.names) >= _MAX_PREPARED:
                self.forget(next(iter(self.names)))
            name = b"shuyuan_%d" % next(self.numbers)
            self.connection.pgconn.send_prepare(name, query, types)
            self.command()
            self.names[key] = name
        return name

    def forget(self, key: tuple[str, tuple[int, ...]]) -> None:
        self.connection.pgconn.send_query(b"DEALLOCATE " + self.names.pop(key))
        self.command()

    def command(self) -> None:
        """Wait for the command sent, and raise its error."""
        result = only(self.connection.wait(generators.execute(self.connection.pgconn)))
        if result.status == _FATAL_ERROR:
            raise self.error(result)

    def send(self, statements: list[Bound], *, commit: bool = False) -> list[PGresult]:
        """Send the statements (then ``COMMIT``) and wait for their results as psycopg waits (the
        socket polled with the GIL released: libpq's own blocking calls would hold it while a row
        lock waits)."""
        pg = self.connection
        pgconn = pg.pgconn
        begin = not pg.autocommit and pgconn.transaction_status == _IDLE
        if len(statements) + commit == 1 and not begin:
            if commit:
                pgconn.send_query_params(b"COMMIT", None)
            else:
                send_statement(pgconn, statements[0])
            results = [only(pg.wait(generators.execute(pgconn)))]
        else:
            results = self.pipelined(statements, begin, commit)
        for result in results:
            if result.status == _FATAL_ERROR:
                raise self.error(result)
        return results[1:] if begin else results

    def pipelined(self, statements: list[Bound], begin: bool, commit: bool) -> list[PGresult]:
        """libpq's pipeline mode: everything in one round trip, the server running it in order."""
        pg = self.connection
        pgconn = pg.pgconn
        pgconn.enter_pipeline_mode()
        try:
            if begin:
                pgconn.send_query_params(pg._get_tx_start_command(), None)  # psycopg's own BEGIN text
            for statement in statements:
                send_statement(pgconn, statement)
            if commit:
                pgconn.send_query_params(b"COMMIT", None)
            pgconn.pipeline_sync()
            pg.wait(generators.send(pgconn))
            count = begin + len(statements) + commit
            results = [only(pg.wait(generators.fetch_many(pgconn))) for _ in range(count)]
            pg.wait(generators.fetch_many(pgconn))  # the sync
        except BaseException:
            leave_pipeline(pg)
            raise
        leave_pipeline(pg)
        return results

    def error(self, result: PGresult) -> psycopg.Error:
        error = errors.error_from_result(result, encoding=self.connection.info.encoding)
        if error.sqlstate == _NO_SUCH_STATEMENT:  # someone deallocated ours (DISCARD ALL): prepare anew
            self.names.clear()
        return error


class Bound(NamedTuple):
    name: bytes | None  # None: not prepared (SHUYUAN_PG_PREPARE=0)
    query: bytes
    values: Sequence[Any]
    types: tuple[int, ...]
    formats: Sequence[Any] | None


def send_statement(pgconn: PGconn, statement: Bound) -> None:
    if statement.name is None:
        pgconn.send_query_params(statement.query, statement.values, statement.types, statement.formats)
    else:
        pgconn.send_query_prepared(statement.name, statement.values, statement.formats)


def only(results: list[PGresult]) -> PGresult:
    if not results:
        raise psycopg.OperationalError("the connection was lost")
    return results[0]


def leave_pipeline(connection: psycopg.Connection[Any]) -> None:
    """Out of pipeline mode; a connection that cannot leave it (results still due after an error)
    is closed, and Django opens another."""
    try:
        connection.pgconn.exit_pipeline_mode()
    except psycopg.Error:
        connection.close()
