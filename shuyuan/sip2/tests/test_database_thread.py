"""The SIP2 server's database threads: requests that wait together are committed together on
SQLite (one thread), several run at once on PostgreSQL, each keeps its own answer, and none is
answered before its work is on disk."""

import threading
import time
from datetime import date

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from shuyuan.branches.models import Closure, PublicHoliday
from shuyuan.sip2.database import DatabaseThread, DeadlineExceeded, Job
from shuyuan.testing.branches import NOW

pytestmark = pytest.mark.django_db(transaction=True)


def holiday(day: int) -> bool:
    """A request's work; says whether it ran inside a group commit."""
    with transaction.atomic(durable=True):
        PublicHoliday.objects.create(date=date(2016, 5, day), kind=PublicHoliday.Kind.HOLIDAY, name=f"假日{day}")
    return bool(getattr(connection, "grouping", False))


def refused(day: int) -> None:
    with transaction.atomic(durable=True):
        PublicHoliday.objects.create(date=date(2016, 5, day), kind=PublicHoliday.Kind.HOLIDAY, name="被拒")
        raise ValueError("refused")


def dangling_closure() -> None:
    with transaction.atomic(durable=True):
        Closure.objects.create(
            branch_id=999_999, first_day=date(2016, 5, 1), last_day=date(2016, 5, 1), reason="无", created_at=NOW
        )


def days() -> set[int]:
    return {d.day for d in PublicHoliday.objects.values_list("date", flat=True)}


def run(*jobs: Job) -> list[Job]:
    DatabaseThread().run(list(jobs))
    return list(jobs)


def test_requests_waiting_together_each_get_their_own_answer():
    first, no, third = run(Job(holiday, (1,), None), Job(refused, (2,), None), Job(holiday, (3,), None))
    grouped = connection.vendor == "sqlite"
    assert (first.future.result(), third.future.result()) == (grouped, grouped)
    with pytest.raises(ValueError):
        no.future.result()
    assert days() == {1, 3}


def test_a_group_that_cannot_commit_answers_every_request_with_the_error_and_keeps_nothing():
    good, bad = run(Job(holiday, (1,), None), Job(dangling_closure, (), None))
    with pytest.raises(IntegrityError):
        bad.future.result()
    if connection.vendor == "sqlite":  # one commit for both: the good request is not kept either
        with pytest.raises(IntegrityError):
            good.future.result()
        assert days() == set()
    else:  # each request commits on its own
        assert good.future.result() is False
        assert days() == {1}


def test_a_request_past_its_deadline_or_abandoned_is_not_run():
    late, abandoned, on_time = (
        Job(holiday, (1,), time.monotonic() - 1),
        Job(holiday, (2,), None),
        Job(holiday, (3,), None),
    )
    abandoned.abandoned = True
    run(late, abandoned, on_time)
    for job in (late, abandoned):
        with pytest.raises(DeadlineExceeded):
            job.future.result()
    assert on_time.future.result() is (connection.vendor == "sqlite")
    assert days() == {3}


def test_the_thread_serves_what_is_submitted():
    thread = DatabaseThread()
    jobs = [thread.submit(holiday, day) for day in (4, 5, 6)]
    for job in jobs:
        job.future.result(timeout=10)
    for closed in thread.close_connections():  # their own connections, opened in their threads
        closed.result(timeout=10)
    assert days() == {4, 5, 6}


def test_a_request_that_only_reads_is_answered_outside_the_group():
    def reads() -> bool:
        return bool(getattr(connection, "grouping", False))

    first, read, second = run(Job(holiday, (1,), None), Job(reads, (), None, writes=False), Job(holiday, (2,), None))
    grouped = connection.vendor == "sqlite"
    assert (first.future.result(), read.future.result(), second.future.result()) == (grouped, False, grouped)


def phased(day: int):
    """A handler that pauses where its reads end and where its writes end; says where each part ran."""
    seen = [bool(getattr(connection, "grouping", False))]
    yield
    holiday(day)
    seen.append(bool(getattr(connection, "grouping", False)))
    yield
    seen.append(day in days())
    return seen


def test_a_paused_handler_reads_before_the_group_writes_in_it_and_answers_after_the_commit():
    first, second = run(Job(phased, (1,), None), Job(phased, (2,), None))
    grouped = connection.vendor == "sqlite"
    assert first.future.result() == [False, grouped, True]
    assert second.future.result() == [False, grouped, True]
    assert days() == {1, 2}


def test_requests_run_at_once_on_postgresql_and_one_by_one_on_sqlite():
    started = threading.Barrier(2)

    def meets_another() -> bool:
        started.wait(timeout=2)  # only returns when a second thread is here too
        return True

    thread = DatabaseThread()
    jobs = [thread.submit(meets_another) for _ in range(2)]
    if connection.vendor == "sqlite":
        assert len(thread.threads) == 1
        with pytest.raises(threading.BrokenBarrierError):
            jobs[0].future.result(timeout=10)
    else:
        assert [job.future.result(timeout=10) for job in jobs] == [True, True]
    for closed in thread.close_connections():
        closed.result(timeout=10)


def test_a_thread_checks_its_connection_once_a_while_and_after_a_database_error(monkeypatch):
    from shuyuan.sip2 import database

    checks = []
    monkeypatch.setattr(database, "close_old_connections", lambda: checks.append(time.monotonic()))
    monkeypatch.setattr(database, "TIDY_SECONDS", 3600)  # "once a second" without a race with the clock

    def broken() -> None:
        raise OperationalError("server closed the connection unexpectedly")

    thread = DatabaseThread()
    for day in (1, 2, 3):
        thread.run([Job(holiday, (day,), None)])
    assert len(checks) == 1
    thread.run([Job(broken, (), None)])
    thread.run([Job(holiday, (4,), None)])
    assert len(checks) == 2


def test_closing_before_any_request_starts_no_thread():
    thread = DatabaseThread()
    assert (thread.close_connections(), thread.threads) == ([], [])
