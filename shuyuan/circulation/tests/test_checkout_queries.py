from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuyuan.catalog.models import Item
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import give_back, lend, make_open_loans, make_rule, read_configuration
from shuyuan.testing.database import round_trips


def queries_for_checkout(patron, branch, desk, now, item=None) -> int:
    item = item or make_item(branch=branch)
    read_configuration()
    with CaptureQueriesContext(connection) as captured:
        lend(item, patron, at=now, service_point=desk)
    return len(captured.captured_queries)


def test_checkout_queries_do_not_grow_with_the_readers_loans(branch, desk, reader, second_reader, now):
    make_rule(max_loans=500, max_loans_of_type=500)
    make_open_loans(second_reader, 400, branch=branch, at=now)
    assert queries_for_checkout(second_reader, branch, desk, now) == queries_for_checkout(reader, branch, desk, now)


def test_checkout_takes_a_small_fixed_number_of_queries(branch, desk, reader, now):
    # SQLite: BEGIN, item, reader with its standing and the configuration's token, 4 writes,
    # COMMIT; PostgreSQL reads the reader's standing in a statement of its own after the lock, and
    # sends the 4 writes as one (fastsql.together).
    assert queries_for_checkout(reader, branch, desk, now) <= (8 if connection.vendor == "sqlite" else 6)


def test_a_checkout_of_an_item_read_by_its_id_alone_costs_no_more_statements(branch, desk, reader, now):
    by_id = Item.objects.only("id").get(pk=make_item(branch=branch).pk)
    assert queries_for_checkout(reader, branch, desk, now, item=by_id) == queries_for_checkout(
        reader, branch, desk, now
    )


def writes_of_return(item, desk, at) -> list[str]:
    read_configuration()
    with CaptureQueriesContext(connection) as captured:
        give_back(item, at=at, service_point=desk)
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith(("UPDATE", "INSERT", "WITH"))]


def test_a_return_on_time_sends_its_writes_as_one_statement_on_postgresql(branch, desk, reader, now):
    item = make_item(branch=branch)
    lend(item, reader, at=now, service_point=desk)
    writes = writes_of_return(item, desk, now + timedelta(days=1))
    # the loan closed, the event, the copy back on the shelf and its status history
    assert len(writes) == (4 if connection.vendor == "sqlite" else 1)


@pytest.mark.django_db(transaction=True)  # the real COMMIT, not the test's savepoint
@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips of libpq's pipeline")
def test_a_checkout_and_a_return_on_time_take_two_round_trips_each_on_postgresql(branch, desk, reader, now):
    # BEGIN with the locks and the reads; the writes, as one statement, with the COMMIT
    item = make_item(branch=branch)
    read_configuration()
    lent = round_trips(lend, item, reader, at=now, service_point=desk)
    returned = round_trips(give_back, item, at=now + timedelta(days=1), service_point=desk)
    assert (lent, returned) == (2, 2)
