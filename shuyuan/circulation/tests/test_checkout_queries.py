from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import lend, make_open_loans, make_rule, read_configuration


def queries_for_checkout(patron, branch, desk, now) -> int:
    item = make_item(branch=branch)
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
