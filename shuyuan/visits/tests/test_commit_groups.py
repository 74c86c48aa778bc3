"""Counter posts that wait at the same time are committed together (SQLite), each answered only
once the commit holding it is on disk, and a refused one leaves the others standing."""

import threading
from datetime import date

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from shuyuan.branches.models import PublicHoliday
from shuyuan.testing.database import committed_days, refused_holiday
from shuyuan.visits.grouping import CommitGroups

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("group commit is the SQLite backend's; PostgreSQL runs each call in its own thread")


def holiday(day: int) -> set[int]:
    with transaction.atomic(durable=True):
        PublicHoliday.objects.create(date=date(2016, 5, day), kind=PublicHoliday.Kind.HOLIDAY, name=f"假日{day}")
    return committed_days() | {-1 if connections[DEFAULT_DB_ALIAS].grouping else 0}


def queued_behind_a_busy_writer(groups: CommitGroups, *calls) -> list:
    """Submit ``calls`` while the writer thread is busy, so that they wait together."""
    busy, release = threading.Event(), threading.Event()
    groups.submit(lambda: (busy.set(), release.wait(10)))
    assert busy.wait(10)
    futures = [groups.submit(function, *args) for function, *args in calls]
    release.set()
    return futures


def test_posts_waiting_together_are_committed_in_one_group_and_answered_after_it():
    futures = queued_behind_a_busy_writer(CommitGroups(), (holiday, 1), (holiday, 2), (holiday, 3))
    inside = [future.result(10) for future in futures]
    assert inside == [{-1}, {-1}, {-1}]  # in the group, and nothing on disk yet while it ran
    assert committed_days() == {1, 2, 3}


def test_a_refused_post_of_a_group_leaves_nothing_and_the_others_are_kept():
    futures = queued_behind_a_busy_writer(CommitGroups(), (holiday, 1), (refused_holiday, 2), (holiday, 3))
    with pytest.raises(ValueError, match="refused"):
        futures[1].result(10)
    assert futures[0].result(10) == futures[2].result(10) == {-1}
    assert committed_days() == {1, 3}


def test_a_caller_inside_a_transaction_runs_the_call_itself():
    with transaction.atomic():
        assert CommitGroups().call(threading.current_thread) is threading.current_thread()
