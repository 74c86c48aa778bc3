"""The fast path's statements through libpq (``shuyuan.pgstatements``): the BEGIN that goes with a
transaction's first statement, prepared statements, and errors and lost connections as Django's."""

from __future__ import annotations

import psycopg
import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError, connection, transaction

from shuyuan import fastsql, pgstatements
from shuyuan.catalog.models import Item
from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import make_item
from shuyuan.testing.database import database_url

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")

BARCODE_OF = f"SELECT barcode FROM {Item._meta.db_table} WHERE id = %s"
SET_BARCODE = f"UPDATE {Item._meta.db_table} SET barcode = %s WHERE id = %s"
OURS = "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'shuyuan%%' ORDER BY substr(name, 9)::int"


@pytest.fixture
def items():
    branch = make_branch()
    return make_item(branch=branch, barcode="B001"), make_item(branch=branch, barcode="B002")


def prepared_here() -> list[str]:
    """The statements the fast path prepared on this connection, in the order it prepared them."""
    with connection.cursor() as cursor:
        cursor.execute(OURS)
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def new_connection():
    """A connection of its own: nothing prepared on it yet (the test's data is committed)."""
    connection.close()
    connection.ensure_connection()


def test_placeholders_are_numbered_and_a_doubled_percent_is_one():
    assert pgstatements.numbered("SELECT %s, %s WHERE a LIKE 'x%%'") == b"SELECT $1, $2 WHERE a LIKE 'x%'"


def test_a_named_placeholder_is_refused_with_the_statement_named():
    with pytest.raises(ValueError, match="%\\(: SELECT"):
        pgstatements.numbered("SELECT %(id)s")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_the_first_statement_of_a_transaction_begins_it(items):
    first, _second = items
    with transaction.atomic():
        fastsql.execute(SET_BARCODE, ["B003", first.pk])
        transaction.set_rollback(True)
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_first_statement_that_breaks_a_constraint_raises_djangos_error_and_the_connection_goes_on(items):
    first, second = items
    with pytest.raises(IntegrityError), transaction.atomic():
        fastsql.execute(SET_BARCODE, ["B001", second.pk])
    assert fastsql.fetch_all(BARCODE_OF, [second.pk]) == [("B002",)]
    with transaction.atomic():
        fastsql.execute(SET_BARCODE, ["B004", first.pk])
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B004",)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_is_prepared_once_for_each_set_of_parameter_types(items, new_connection):
    first, _second = items
    for _ in range(3):
        assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
    assert len(prepared_here()) == 1
    assert fastsql.fetch_one(BARCODE_OF, [2**40]) is None  # an int8 where the ids so far were small
    assert len(prepared_here()) == 2


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_without_prepared_statements_nothing_is_prepared(items, new_connection, monkeypatch):
    first, _second = items
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
    assert prepared_here() == []


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_beyond_the_limit_the_oldest_statement_is_deallocated(items, new_connection, monkeypatch):
    first, _second = items
    monkeypatch.setattr(pgstatements, "_MAX_PREPARED", 2)
    for n in range(3):
        assert fastsql.fetch_one(f"{BARCODE_OF} AND {n} = %s", [first.pk, n]) == ("B001",)
    assert [statement.split(" AND ")[1] for statement in prepared_here()] == ["1 = $2", "2 = $2"]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_deallocated_behind_its_back_is_prepared_anew(items):
    first, _second = items
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(ProgrammingError):  # once: the statement it names is gone
        fastsql.fetch_one(BARCODE_OF, [first.pk])
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_before_a_transaction_raises_djangos_error_instead_of_waiting(items):
    first, _second = items
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
    pid = connection.connection.info.backend_pid
    with psycopg.connect(database_url(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(OperationalError), transaction.atomic():
        fastsql.fetch_one(BARCODE_OF, [first.pk])
    connection.close()
    assert fastsql.fetch_one(BARCODE_OF, [first.pk]) == ("B001",)
