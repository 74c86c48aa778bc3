"""Django's SQLite backend, with writers queued by the kernel instead of by SQLite's busy handler.

Every Shuyuan transaction on SQLite begins with ``BEGIN IMMEDIATE``, so it holds the database's one
write lock. When two processes want it (the web server, the SIP2 workers, an import), the loser's
busy handler sleeps 1, 2, 5, 10, 15, 20, 25, 25, … ms between tries: a kiosk checkout that needs a
millisecond of writing can wait tens of milliseconds for a lock that was free again long ago. Here
each transaction first takes an exclusive ``flock`` on a file beside the database (``<db>-gate``)
and holds it until it commits or rolls back; a blocked ``flock`` returns as soon as the holder lets
go. The gate only orders what SQLite would serialize anyway; SQLite's own locking stays in place
for writers that do not pass it (autocommit statements, the sqlite3 shell).

``group_commit`` runs several transactions inside one (the SIP2 server's, ``shuyuan.sip2.database``),
and the cursor converts each distinct statement's placeholders once.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base
from django.db.transaction import TransactionManagementError

GROUP_MEMBER = "shuyuan_group_member"


class WriteGate:
    """An exclusive lock on ``path``, owned by one connection; ``timeout`` seconds at most to get it."""

    def __init__(self, path: str, timeout: float) -> None:
        self.descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.timeout = timeout
        self.held = False

    def acquire(self) -> None:
        try:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._wait()
        self.held = True

    def _wait(self) -> None:
        # flock has no timeout: a helper thread takes the lock with a blocking call (woken the moment
        # the holder lets go) while this thread waits for it at most ``timeout`` seconds.
        guard, done = threading.Lock(), threading.Event()
        state = {"taken": False, "abandoned": False}

        def take() -> None:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX)
            with guard:
                if state["abandoned"]:
                    fcntl.flock(self.descriptor, fcntl.LOCK_UN)
                else:
                    state["taken"] = True
            done.set()

        threading.Thread(target=take, name="sqlite-write-gate", daemon=True).start()
        done.wait(self.timeout)
        with guard:
            if state["taken"]:
                return
            state["abandoned"] = True
        raise OperationalError("database is locked (write gate)")

    def release(self) -> None:
        if self.held:
            self.held = False
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        self.held = False
        os.close(self.descriptor)  # releases the lock with it


@lru_cache(maxsize=4096)
def qmark_style(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class CursorWrapper(base.SQLiteCursorWrapper):
    """Django's, with each statement's conversion from %s to ? placeholders done once per process:
    a checkout's few statements are the same every time, and the conversion is a regex substitution."""

    def convert_query(self, query: str, *, param_names: Any = None) -> str:
        if param_names is None:
            return qmark_style(query)
        return super().convert_query(query, param_names=param_names)  # type: ignore[misc,no-any-return]


def create_private(path: str) -> None:
    """Create the database file readable by its owner only, as the keys are (SQLite gives its -wal and
    -shm files the database file's mode): it holds every reader's personal data. Only a file that does
    not exist yet is opened here: closing any descriptor of an open database file drops every POSIX
    lock this process holds on it, so another process (a SIP2 worker) could take itself for the last
    user, check the WAL back in and remove it under this process's connections."""
    if os.path.exists(path):
        return
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
    except FileExistsError:
        pass


class DatabaseWrapper(base.DatabaseWrapper):
    gate: WriteGate | None = None
    grouping = False

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=CursorWrapper)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        if not self.is_in_memory_db():
            create_private(str(self.settings_dict["NAME"]))
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            self.gate = WriteGate(f"{self.settings_dict['NAME']}-gate", float(conn_params.get("timeout", 5)))
        return connection

    @contextmanager
    def group_commit(self) -> Iterator[Callable[[], bool]]:
        """Group commit: one transaction, committed (and synced to disk) once, for the transactions
        that run one after another inside it. Each of them becomes a savepoint, as all-or-nothing
        as before, but durable only when the group commits: the caller tells no one an outcome
        before this block has ended without an error. If it raises, nothing done inside is kept.
        Yields a function that says whether the group's transaction is still open: after some
        errors (a full disk, an I/O error) SQLite rolls a transaction back by itself, and what ran
        since would no longer be inside it. Commit hooks of a member run when its savepoint is released."""
        if self.in_atomic_block or self.grouping:
            raise TransactionManagementError("A group commit cannot start inside a transaction.")
        self.ensure_connection()
        self._start_transaction_under_autocommit()
        self.grouping = True
        try:
            yield lambda: bool(self.connection.in_transaction)
        except BaseException:
            self.grouping = False
            self._rollback()
            raise
        self.grouping = False
        try:
            self._commit()
        except BaseException:
            if self.connection.in_transaction:
                self._rollback()
            raise

    def _start_transaction_under_autocommit(self) -> None:
        if self.grouping:
            self._execute_now(f"SAVEPOINT {GROUP_MEMBER}")
            return
        if self.gate is None:
            return super()._start_transaction_under_autocommit()  # type: ignore[misc]  # not in django-stubs
        self.gate.acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self.gate.release()
            raise

    def _set_autocommit(self, autocommit: bool) -> None:
        if self.grouping:
            return  # Python's sqlite3 would COMMIT the group on turning autocommit back on
        super()._set_autocommit(autocommit)  # type: ignore[misc]

    def _commit(self) -> None:
        if self.grouping:
            self._execute_now(f"RELEASE SAVEPOINT {GROUP_MEMBER}")
            return
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_gate()

    def _rollback(self) -> None:
        if self.grouping:
            self._execute_now(f"ROLLBACK TO SAVEPOINT {GROUP_MEMBER}", f"RELEASE SAVEPOINT {GROUP_MEMBER}")
            return
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_gate()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            if self.gate is not None:
                self.gate.close()
                self.gate = None

    def _execute_now(self, *statements: str) -> None:
        with self.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def _release_gate(self) -> None:
        if self.gate is not None:
            self.gate.release()
