"""Roll-up runs kept apart (issue 18): the nightly timer and a hand-started ``shuyuan stats_rollup`` never
build at once, proven with real processes on the test database; and on PostgreSQL a row whose transaction
took its id before a run and committed after it is counted all the same."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import translation

from shuyuan.circulation.models import CirculationEvent
from shuyuan.stats import figures, rollups
from shuyuan.stats.errors import Reason, StatsRefusal
from shuyuan.stats.figures import Period
from shuyuan.stats.models import DailyCount, RollupState
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_service_point
from shuyuan.testing.database import database_url

Kind = CirculationEvent.Kind
MARCH = Period(date(2016, 3, 1), date(2016, 3, 31))
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: ids given before commit")

HOLDER = """
import os, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
django.setup()
from shuyuan.stats import rollups
with rollups.exclusive():
    print("held", flush=True)
    time.sleep(300)
"""


def database_env() -> dict[str, str]:
    """The environment of a process on this test's database."""
    return {**os.environ, "DATABASE_URL": database_url()}


@pytest.fixture
def holder() -> Iterator[subprocess.Popen[str]]:
    """Another process holding the roll-up's lock (a run going on), killed at the end."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER], env=database_env(), stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait()


@pytest.mark.django_db
def test_a_run_started_while_another_runs_is_refused_and_builds_nothing(holder):
    make_event(Kind.CHECKOUT, local(2016, 3, 1), point=make_service_point())
    with pytest.raises(StatsRefusal) as refused:
        rollups.run(today=date(2016, 3, 10))
    assert (refused.value.reason, DailyCount.objects.count()) == (Reason.ROLLUP_RUNNING, 0)


@pytest.mark.django_db
def test_the_refusal_says_in_chinese_that_another_run_is_going_on(holder):
    with translation.override("zh-hans"), pytest.raises(StatsRefusal) as refused:
        rollups.run(today=date(2016, 3, 10))
    assert "另一次汇总正在进行" in refused.value.message


@pytest.mark.django_db
def test_the_command_started_while_a_run_goes_on_exits_with_status_1_and_says_why():
    with rollups.exclusive():
        command = subprocess.run(
            [sys.executable, "-m", "shuyuan", "stats_rollup", "--today", "2016-03-10"],
            env=database_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert (command.returncode, "另一次汇总正在进行" in command.stderr) == (1, True), command.stderr


@pytest.mark.django_db
def test_a_run_whose_holder_was_killed_does_not_block_the_next(holder):
    make_event(Kind.CHECKOUT, local(2016, 3, 1), point=make_service_point())
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    deadline = time.monotonic() + 10  # PostgreSQL ends the dead client's session when it sees the socket close
    while True:
        try:
            report = rollups.run(today=date(2016, 3, 10))
            break
        except StatsRefusal:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    assert report.through == date(2016, 3, 9)


@pytest.mark.django_db
def test_the_lock_is_let_go_after_a_run():
    make_event(Kind.CHECKOUT, local(2016, 3, 1), point=make_service_point())
    rollups.run(today=date(2016, 3, 10))
    assert rollups.run(today=date(2016, 3, 11)).through == date(2016, 3, 10)


# The late row (PostgreSQL) --------------------------------------------------------------------------------


class LateTransaction:
    """A checkout in a transaction of another connection that has its id and has not committed yet."""

    def __init__(self, point, *, commit: bool) -> None:
        self.point, self.commit = point, commit
        self.inserted, self.finish = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._work)
        self.thread.start()
        assert self.inserted.wait(30)

    def _work(self) -> None:
        try:
            with transaction.atomic():
                make_event(Kind.CHECKOUT, local(2016, 3, 2, 11), point=self.point)
                self.inserted.set()
                self.finish.wait(30)
                if not self.commit:
                    transaction.set_rollback(True)
        finally:
            connection.close()

    def end(self) -> None:
        self.finish.set()
        self.thread.join(30)
        close_old_connections()


def run_while_late(*, commit: bool) -> None:
    """A run over a day on which a late checkout took its id before a later one committed, then the late
    transaction ends (commits or rolls back)."""
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 2, 9), point=point)
    rollups.run(today=date(2016, 3, 5))
    late = LateTransaction(point, commit=commit)
    make_event(Kind.CHECKOUT, local(2016, 3, 2, 12), point=point)  # committed, with an id above the late one's
    try:
        rollups.run(today=date(2016, 3, 6))
    finally:
        late.end()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_committed_after_a_run_below_its_mark_is_counted_before_the_next_run():
    run_while_late(commit=True)
    assert figures.value("loans", MARCH) == 3


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_committed_after_a_run_below_its_mark_is_built_by_the_next_run():
    run_while_late(commit=True)
    report = rollups.run(today=date(2016, 3, 7))
    cell = DailyCount.objects.get(measure="loans", dimension="", day=date(2016, 3, 2))
    assert (report.rebuilt, cell.value) == ([date(2016, 3, 2)], 3)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_hole_is_kept_through_later_runs_while_its_transaction_is_open_and_built_once_it_commits():
    point = make_service_point()
    rollups.run(today=date(2016, 3, 5))
    late = LateTransaction(point, commit=True)
    make_event(Kind.CHECKOUT, local(2016, 3, 2, 12), point=point)
    try:
        rollups.run(today=date(2016, 3, 6))
        rollups.run(today=date(2016, 3, 7))
        holes = RollupState.objects.get().holes
    finally:
        late.end()
    report = rollups.run(today=date(2016, 3, 8))
    cell = DailyCount.objects.get(measure="loans", dimension="", day=date(2016, 3, 2))
    assert (len(holes.get("circulation", [])), report.rebuilt, cell.value) == (1, [date(2016, 3, 2)], 2)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_id_is_forgotten_once_no_open_transaction_can_fill_it():
    run_while_late(commit=False)
    rollups.run(today=date(2016, 3, 7))
    assert (RollupState.objects.get().holes, figures.value("loans", MARCH)) == ({}, 2)
