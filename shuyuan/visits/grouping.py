"""People counters' posts committed together: one durable commit for the posts that wait at once.

On SQLite every durable transaction ends with a sync of the write-ahead log to disk (``synchronous=FULL``,
a few milliseconds here), and only one process writes at a time: one commit per post caps a server at a
hundred-odd posts a second (bench/visits). So each web process hands its posts to one thread of its own,
with its own connection, which runs the posts waiting at that moment one after another inside one group
commit (``shuyuan.sqlite.base.DatabaseWrapper.group_commit``, as the SIP2 server does): each post stays its
own all-or-nothing transaction (a savepoint), and no post is answered before the commit that holds it is
on disk. If the group's commit fails, every post of the group fails and nothing of it is kept. The
posts that arrive during a commit form the next group, so nothing waits for a timer.

A caller already inside a transaction (a test's) or on PostgreSQL, which syncs concurrent commits
together by itself, runs the call in its own thread as before.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")
MAX_GROUP = 64  # posts per commit: bounds how long the first of them waits for the last
WAIT_SECONDS = 30.0  # longer than the SQLite write gate's 20 s, so a post fails there first


class GroupLost(Exception):
    """SQLite rolled the group's transaction back by itself (an I/O error, a full disk)."""


@dataclass
class Job:
    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    future: Future[Any] = field(default_factory=Future)


class CommitGroups:
    def __init__(self, max_group: int = MAX_GROUP) -> None:
        self.max_group = max_group
        self.jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function(*args, **kwargs)``, a service that opens its own durable transaction, run in a
        group commit when it can be; returns (or raises) only after its outcome is on disk."""
        if not self.applies():
            return function(*args, **kwargs)
        return self.submit(function, *args, **kwargs).result(WAIT_SECONDS)  # type: ignore[no-any-return]

    @staticmethod
    def applies() -> bool:
        caller = connections[DEFAULT_DB_ALIAS]
        return hasattr(caller, "group_commit") and not caller.in_atomic_block

    def submit(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        with self.lock:
            if self.thread is None:  # started on first use: after gunicorn has forked the worker
                self.thread = threading.Thread(target=self.serve, name="visits-commit-groups", daemon=True)
                self.thread.start()
        job = Job(function, args, kwargs)
        self.jobs.put(job)
        return job.future

    def serve(self) -> None:
        while True:
            batch = [self.jobs.get()]
            while len(batch) < self.max_group:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            self.run(batch)

    def run(self, batch: list[Job]) -> None:
        live = [job for job in batch if job.future.set_running_or_notify_cancel()]
        if not live:
            return
        database = connections[DEFAULT_DB_ALIAS]
        outcomes: list[tuple[bool, Any]] = []
        try:
            if len(live) == 1:
                outcomes.append(outcome(live[0]))  # its own durable transaction, as without this module
            else:
                with database.group_commit() as still_open:  # type: ignore[attr-defined]
                    for job in live:
                        outcomes.append(outcome(job))
                        if not still_open():
                            raise GroupLost("the database rolled the group commit back")
        except BaseException as error:
            for job in live:
                job.future.set_exception(error)
            database.close()  # the next group starts on a fresh connection
            return
        for job, (ok, value) in zip(live, outcomes, strict=True):
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(value)


def outcome(job: Job) -> tuple[bool, Any]:
    try:
        return True, job.function(*job.args, **job.kwargs)
    except Exception as error:  # a refusal: its savepoint is rolled back, the group goes on
        return False, error


counter_posts = CommitGroups()
