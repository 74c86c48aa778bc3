"""The SIP2 server's database threads: on SQLite one, which commits the kiosks' waiting requests
together; on PostgreSQL several, each with its own connection, committing on their own.

Every database call of a server process runs in these threads (their Django connections live there).
On SQLite, when several requests wait, they run one after another inside one group commit (SQLite: see
``shuyuan.sqlite.base.DatabaseWrapper.group_commit``): each service call stays its own all-or-
nothing transaction (a savepoint), and the group is synced to disk once before any of its kiosks
hears an answer. Requests that only read are answered first, outside the group. At 300 checkouts
a second from 100 kiosks, a commit's fsync and the hand-over of SQLite's one write lock between
the worker processes cost more than most requests' own work. If the group's commit fails, every
request of the group fails and nothing of it is kept; a kiosk is never told "ok" about something
not on disk. On PostgreSQL each request commits on its own, and a process runs
``SHUYUAN_SIP2_DATABASE_THREADS`` of them at once (default 4): one connection would wait for each
commit's flush in turn, where several let the server flush the WAL once for the commits waiting
together and keep both cores busy (README, "A city on PostgreSQL").
"""

from __future__ import annotations

import inspect
import queue
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, close_old_connections, connections

MAX_GROUP = 16  # requests per group commit: bounds how long the first of them waits for the last
# How often a thread checks that its connection is alive and not too old (Django's health check is a
# round trip; before every request it was a tenth of a kiosk's statements on PostgreSQL). A request
# that failed has it checked before the next one.
TIDY_SECONDS = 1.0


class DeadlineExceeded(Exception):
    pass


class GroupLost(Exception):
    """SQLite rolled the group's transaction back by itself (an I/O error, a full disk)."""


@dataclass
class Job:
    function: Callable[..., Any]
    args: tuple[Any, ...]
    deadline: float | None
    writes: bool = True
    future: Future[Any] = field(default_factory=Future)
    abandoned: bool = False
    steps: Generator[None, None, Any] | None = None
    outcome: tuple[bool, Any] | None = None  # (returned, the value) or (raised, the exception)

    def expired(self) -> bool:
        return self.abandoned or (self.deadline is not None and time.monotonic() > self.deadline)

    def advance(self) -> None:
        """Run the job to its next pause (a generator's ``yield``) or to its end. A job whose deadline
        passed before it began is not run at all."""
        if self.outcome is not None:
            return
        try:
            if self.steps is None:
                if self.expired():
                    raise DeadlineExceeded
                value = self.function(*self.args)
                if not inspect.isgenerator(value):
                    self.outcome = (True, value)
                    return
                self.steps = cast(Generator[None, None, Any], value)
            next(self.steps)
        except StopIteration as stop:
            self.outcome = (True, stop.value)
        except BaseException as error:  # as concurrent.futures does: the caller gets it, the thread goes on
            self.outcome = (False, error)

    def finish(self) -> None:
        while self.outcome is None:
            self.advance()


class DatabaseThread:
    """The threads that run a process's database work (the name is from when it was always one)."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.tidied = threading.local()

    def submit(
        self, function: Callable[..., Any], *args: Any, deadline: float | None = None, writes: bool = True
    ) -> Job:
        with self.lock:
            if not self.threads:
                grouped = connections[DEFAULT_DB_ALIAS].vendor == "sqlite"
                count = 1 if grouped else max(1, cast(int, settings.SHUYUAN["SIP2_DATABASE_THREADS"]))
                for number in range(count):
                    group = MAX_GROUP if grouped else 1
                    thread = threading.Thread(
                        target=self.serve, args=(group,), name=f"sip2-database-{number}", daemon=True
                    )
                    self.threads.append(thread)
                    thread.start()
        job = Job(function, args, deadline, writes)
        self.jobs.put(job)
        return job

    def close_connections(self) -> list[Future[Any]]:
        """Close every thread's connection: one job each, held at a barrier so that no thread takes two."""
        count = len(self.threads)
        if not count:  # no thread yet, so no connection of theirs
            return []
        everyone = threading.Barrier(count)

        def close() -> None:
            connections.close_all()
            everyone.wait(timeout=30)

        return [self.submit(close).future for _ in range(count)]

    def serve(self, group: int = MAX_GROUP) -> None:
        while True:
            batch = [self.jobs.get()]
            while len(batch) < group:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            self.run(batch)

    def run(self, batch: list[Job]) -> None:
        live = [job for job in batch if job.future.set_running_or_notify_cancel()]
        if not live:
            return
        self.tidy()
        group_commit = getattr(connections[DEFAULT_DB_ALIAS], "group_commit", None)
        writes = [job for job in live if job.writes and group_commit is not None]
        for job in live:
            if job not in writes:  # reads, and everything on PostgreSQL: each on its own
                job.finish()
                settle(job)
        if len(writes) == 1:
            writes[0].finish()
        elif writes:
            assert group_commit is not None
            try:
                self.run_grouped(writes, group_commit)
            except Exception as error:
                self.tidied.failed = True
                for job in writes:
                    job.future.set_exception(error)
                return
        for job in writes:
            job.finish()  # what a handler does after its writes only answers: it runs after the commit
            settle(job)
        self.tidied.failed = any(job.outcome is not None and isinstance(job.outcome[1], DatabaseError) for job in live)

    def tidy(self) -> None:
        """Django's ``close_old_connections`` (as before each web request), at most every TIDY_SECONDS
        unless the last request failed."""
        now = time.monotonic()
        if now - getattr(self.tidied, "at", float("-inf")) >= TIDY_SECONDS or getattr(self.tidied, "failed", False):
            close_old_connections()
            self.tidied.at = now

    def run_grouped(self, writes: list[Job], group_commit: Callable[[], Any]) -> None:
        """A handler written as a generator pauses where its reads end and where its writes end: its
        reads run before the group, its answer after the commit; the group holds only the writes."""
        for job in writes:
            if inspect.isgeneratorfunction(job.function):
                job.advance()
        with group_commit() as still_open:
            for job in writes:
                job.advance()
                if not still_open():
                    raise GroupLost("the database rolled the group commit back")


def settle(job: Job) -> None:
    assert job.outcome is not None
    ok, value = job.outcome
    if ok:
        job.future.set_result(value)
    else:
        job.future.set_exception(value)
