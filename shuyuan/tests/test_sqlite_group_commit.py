"""Group commit on SQLite: transactions run one after another inside one, each all-or-nothing,
all durable at once, and nothing of them kept if the group does not commit."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError

from shuyuan.branches.models import Closure, PublicHoliday
from shuyuan.testing.branches import NOW
from shuyuan.testing.database import committed_days, refused_holiday

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("group commit is the SQLite backend's")


def holiday(day: int) -> None:
    with transaction.atomic(durable=True):
        PublicHoliday.objects.create(date=date(2016, 5, day), kind=PublicHoliday.Kind.HOLIDAY, name=f"假日{day}")


def test_the_group_is_seen_by_others_only_once_it_has_committed_and_then_whole():
    with connection.group_commit():
        holiday(1)
        holiday(2)
        assert committed_days() == set()
    assert committed_days() == {1, 2}


def test_a_refused_member_leaves_nothing_and_the_others_are_kept():
    with connection.group_commit() as still_open:
        holiday(1)
        with pytest.raises(ValueError):
            refused_holiday(2)
        holiday(3)
        assert still_open()
    assert committed_days() == {1, 3}


def test_an_error_in_the_group_keeps_nothing_and_lets_the_next_writer_in():
    with pytest.raises(RuntimeError), connection.group_commit():
        holiday(1)
        raise RuntimeError("the caller gave up")
    assert committed_days() == set()
    assert not connection.gate.held
    holiday(2)
    assert committed_days() == {2}


def test_a_group_whose_commit_fails_keeps_nothing():
    reached_the_commit = []
    # A foreign key is checked at COMMIT: the dangling closure fails the whole group.
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), connection.group_commit():
        holiday(1)
        with transaction.atomic(durable=True):
            Closure.objects.create(
                branch_id=999_999, first_day=date(2016, 5, 1), last_day=date(2016, 5, 1), reason="无", created_at=NOW
            )
        reached_the_commit.append(True)
    assert reached_the_commit and committed_days() == set()
    assert not connection.gate.held
    holiday(2)
    assert committed_days() == {2}


def test_the_group_holds_the_write_gate_from_its_start_to_its_commit():
    other_began = threading.Event()

    def other_writer() -> None:
        holiday(9)
        other_began.set()
        connection.close()

    with connection.group_commit():
        assert connection.gate.held
        writer = threading.Thread(target=other_writer)
        writer.start()
        holiday(1)
        assert not other_began.wait(0.2)
    writer.join(5)
    assert other_began.is_set() and committed_days() == {1, 9}


def test_a_group_cannot_start_inside_a_transaction():
    with pytest.raises(TransactionManagementError), transaction.atomic(), connection.group_commit():
        pass


def test_one_commit_makes_a_requests_transactions_durable_together():
    from shuyuan.sqlite.grouping import one_commit

    with one_commit():
        holiday(1)
        holiday(2)
        assert committed_days() == set()
    assert committed_days() == {1, 2}
