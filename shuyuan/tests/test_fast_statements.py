"""How the fast path's statements run (``fastsql.run``): errors as Django's, the broken-transaction
check, reconnections, what query logging sees, and writes sent together."""

from __future__ import annotations

import asyncio
import contextlib
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from shuyuan import fastsql
from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_item
from shuyuan.testing.database import round_trips

pytestmark = pytest.mark.django_db

BARCODE_OF = f"SELECT barcode FROM {Item._meta.db_table} WHERE id = %s"
SET_BARCODE = f"UPDATE {Item._meta.db_table} SET barcode = %s WHERE id = %s"


def barcodes(*items: Item) -> list[str]:
    """The items' barcodes as the fast path reads them now."""
    return [row[0] for item in items for row in fastsql.fetch_all(BARCODE_OF, [item.pk])]


@pytest.fixture
def items():
    branch = make_branch()
    return make_item(branch=branch, barcode="B001"), make_item(branch=branch, barcode="B002")


def test_a_statement_that_breaks_a_constraint_raises_djangos_integrity_error(items):
    _first, second = items
    with pytest.raises(IntegrityError), transaction.atomic():
        fastsql.execute(SET_BARCODE, ["B001", second.pk])
    assert fastsql.fetch_one(BARCODE_OF, [second.pk]) == ("B002",)


def test_a_transaction_marked_for_rollback_runs_no_more_statements(items):
    first, _second = items
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            fastsql.fetch_one(BARCODE_OF, [first.pk])


@pytest.mark.django_db(transaction=True)  # a connection closed inside the test's transaction stays closed
def test_statements_run_again_after_the_connection_was_closed(items):
    first, _second = items
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
    connection.close()
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
    fastsql.execute(SET_BARCODE, ["B003", first.pk])
    assert fastsql.fetch_all(BARCODE_OF, [first.pk]) == [("B003",)]


def test_query_logging_sees_every_statement_with_its_result_intact(items):
    first, second = items
    with CaptureQueriesContext(connection) as captured:
        assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
        fastsql.execute(SET_BARCODE, ["B004", second.pk])
        assert fastsql.fetch_all(BARCODE_OF, [second.pk]) == [("B004",)]
    assert [query["sql"].split()[0] for query in captured.captured_queries] == ["SELECT", "UPDATE", "SELECT"]


def test_each_thread_runs_on_its_own_connection():
    seen = {}

    def look() -> None:
        seen["fast"], seen["django"] = fastsql.db(), connections[DEFAULT_DB_ALIAS]
        connections.close_all()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    here = connections[DEFAULT_DB_ALIAS]
    assert fastsql.db() is here
    assert seen["fast"] is seen["django"]
    assert seen["fast"] is not here


def test_inside_an_event_loop_the_fast_path_runs_on_the_connection_django_gives_there():
    """Playwright's browser tests run an event loop in the test's thread, where Django keeps its
    connections per context: a statement on the thread's other connection would wait for the lock
    of the caller's own transaction."""
    outside = fastsql.db()

    async def inside() -> tuple[object, object]:
        return fastsql.db(), connections[DEFAULT_DB_ALIAS]

    fast, django = asyncio.run(inside())
    assert fast is django
    assert fast is not outside


def test_writes_in_a_together_block_go_as_one_statement_on_postgresql(items):
    first, second = items
    with CaptureQueriesContext(connection) as captured, fastsql.together():
        fastsql.execute(SET_BARCODE, ["B005", first.pk])
        fastsql.execute(SET_BARCODE, ["B006", second.pk])
    assert len(captured.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert barcodes(first, second) == ["B005", "B006"]


def test_a_together_block_refuses_to_read_before_its_writes_are_sent(items):
    first, _second = items
    with pytest.raises(RuntimeError), fastsql.together():
        fastsql.execute(SET_BARCODE, ["B007", first.pk])
        fastsql.fetch_one(BARCODE_OF, [first.pk])


def test_a_write_of_a_together_block_that_breaks_a_constraint_raises_djangos_integrity_error(items):
    first, second = items
    with pytest.raises(IntegrityError), transaction.atomic(), fastsql.together():
        fastsql.execute(SET_BARCODE, ["B008", first.pk])
        fastsql.execute(SET_BARCODE, ["B008", second.pk])
    assert barcodes(first, second) == ["B001", "B002"]


def test_an_insert_that_reads_its_id_back_takes_the_waiting_writes_with_it(items):
    first, second = items
    with CaptureQueriesContext(connection) as captured, fastsql.together():
        fastsql.execute(SET_BARCODE, ["B010", first.pk])
        change = fastsql.insert(ItemStatusChange(item=second, old_status="on_shelf", new_status="missing", at=NOW))
    assert len(captured.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert ItemStatusChange.objects.get(pk=change.pk).item_id == second.pk
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B010",)


def test_a_together_block_left_by_an_exception_never_commits_half_an_act(items):
    first, second = items
    with transaction.atomic():
        fastsql.execute(SET_BARCODE, ["B011", second.pk])
        with contextlib.suppress(ValueError), fastsql.together():
            fastsql.execute(SET_BARCODE, ["B012", first.pk])
            raise ValueError
    assert barcodes(first, second) == ["B001", "B002"]


def test_statements_fetched_together_run_in_order_each_seeing_the_last(items):
    first, second = items
    rows = fastsql.fetch_each([(SET_BARCODE, ["B013", first.pk]), (BARCODE_OF, [first.pk]), (BARCODE_OF, [second.pk])])
    assert rows == [[], [("B013",)], [("B002",)]]


def test_statements_fetched_together_raise_djangos_error_for_the_one_that_fails(items):
    first, second = items
    with pytest.raises(IntegrityError), transaction.atomic():
        fastsql.fetch_each([(BARCODE_OF, [first.pk]), (SET_BARCODE, ["B001", second.pk])])
    assert barcodes(first, second) == ["B001", "B002"]


def test_statements_fetched_together_are_refused_inside_a_together_block(items):
    first, _second = items
    with pytest.raises(RuntimeError), fastsql.together():
        fastsql.fetch_each([(BARCODE_OF, [first.pk])])


def set_last(item: Item, barcode: str) -> None:
    """A write as the last of an act (``together(last=True)``): on PostgreSQL it waits for what comes next."""
    with fastsql.together(last=True):
        fastsql.execute(SET_BARCODE, [barcode, item.pk])


@pytest.mark.django_db(transaction=True)  # the real COMMIT, not the test's savepoint
@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips of libpq's pipeline")
def test_the_last_writes_of_a_transaction_go_with_its_commit_in_one_round_trip(items):
    first, _second = items

    def act() -> None:
        with transaction.atomic():
            barcodes(first)  # the BEGIN goes with it
            set_last(first, "B014")

    assert round_trips(act) == 2
    assert barcodes(first) == ["B014"]


@pytest.mark.django_db(transaction=True)
def test_a_statement_after_the_last_writes_sees_them(items):
    first, second = items
    with transaction.atomic():
        set_last(first, "B015")
        assert Item.objects.get(pk=first.pk).barcode == "B015"
        set_last(second, "B016")
        assert barcodes(second) == ["B016"]
    assert barcodes(first, second) == ["B015", "B016"]


@pytest.mark.django_db(transaction=True)
def test_the_last_writes_of_a_transaction_rolled_back_are_never_sent(items):
    first, second = items
    with contextlib.suppress(ValueError), transaction.atomic():
        set_last(first, "B017")
        raise ValueError
    with transaction.atomic():
        fastsql.execute(SET_BARCODE, ["B018", second.pk])
    assert barcodes(first, second) == ["B001", "B018"]


@pytest.mark.django_db(transaction=True)
def test_a_last_write_that_breaks_a_constraint_fails_the_commit_and_commits_nothing_of_its_transaction(items):
    first, second = items
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=first.pk).update(barcode="B019")
        set_last(second, "B019")
    assert barcodes(first, second) == ["B001", "B002"]
    assert Item.objects.filter(barcode="B019").count() == 0  # the connection serves on


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_rolled_back_after_the_last_writes_keeps_them(items):
    first, second = items
    with transaction.atomic():
        set_last(first, "B020")
        with contextlib.suppress(ValueError), transaction.atomic():
            barcodes(second)
            raise ValueError
    assert barcodes(first) == ["B020"]
