"""The SIP2 server's one database thread, which commits the kiosks' waiting requests together.

Every database call of a server process runs in this thread (its Django connection lives there).
When several requests wait, they run one after another inside one group commit (SQLite: see
``shuyuan.sqlite.base.DatabaseWrapper.group_commit``): each service call stays its own all-or-
nothing transaction (a savepoint), and the group is synced to disk once before any of its kiosks
hears an answer. Requests that only read are answered first, outside the group. At 300 checkouts
a second from 100 kiosks, a commit's fsync and the hand-over of SQLite's one write lock between
the worker processes cost more than most requests' own work. If the group's commit fails, every
request of the group fails and nothing of it is kept; a kiosk is never told "ok" about something
not on disk. On PostgreSQL each request commits on its own.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections

MAX_GROUP = 16  # requests per group commit: bounds how long the first of them waits for the last


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

    def expired(self) -> bool:
        return self.abandoned or (self.deadline is not None and time.monotonic() > self.deadline)


class DatabaseThread:
    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def submit(
        self, function: Callable[..., Any], *args: Any, deadline: float | None = None, writes: bool = True
    ) -> Job:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self.serve, name="sip2-database", daemon=True)
                self.thread.start()
        job = Job(function, args, deadline, writes)
        self.jobs.put(job)
        return job

    def serve(self) -> None:
        while True:
            batch = [self.jobs.get()]
            while len(batch) < MAX_GROUP:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            self.run(batch)

    def run(self, batch: list[Job]) -> None:
        live = [job for job in batch if job.future.set_running_or_notify_cancel()]
        if not live:
            return
        close_old_connections()
        group_commit = getattr(connections[DEFAULT_DB_ALIAS], "group_commit", None)
        writes = [job for job in live if job.writes or group_commit is None]
        for job in live:
            if job not in writes:  # answered first, without waiting for the group
                settle(job, *outcome(job))
        if len(writes) <= 1 or group_commit is None:
            for job in writes:
                settle(job, *outcome(job))
            return
        outcomes = []
        try:
            with group_commit() as still_open:
                for job in writes:
                    outcomes.append(outcome(job))
                    if not still_open():
                        raise GroupLost("the database rolled the group commit back")
        except Exception as error:
            for job in writes:
                job.future.set_exception(error)
            return
        for job, (ok, value) in zip(writes, outcomes, strict=True):
            settle(job, ok, value)


def outcome(job: Job) -> tuple[bool, Any]:
    """What the job's function returned or raised; a job whose deadline passed before it began is
    not run at all."""
    if job.expired():
        return False, DeadlineExceeded()
    try:
        return True, job.function(*job.args)
    except BaseException as error:  # as concurrent.futures does: the caller gets it, the thread goes on
        return False, error


def settle(job: Job, ok: bool, value: Any) -> None:
    if ok:
        job.future.set_result(value)
    else:
        job.future.set_exception(value)
