"""Eight cataloguers asking for the next 种次号 of one class at the same moment: threads with their own
connections, on SQLite (IMMEDIATE transactions queue the writers) and on PostgreSQL (the counter's row lock)."""

import threading
from typing import Any

import pytest
from django.db import connection

from shuyuan.catalog.services_cataloguing import assign_call_number
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_record

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_cataloguers_at_once_each_get_their_own_number():
    records = [make_record(clc="I247.5") for _ in range(8)]
    barrier = threading.Barrier(len(records))
    results: list[Any] = [None] * len(records)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = assign_call_number(records[index], at=NOW, by=None)
        except Exception as error:  # shown in the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(records))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results, key=lambda r: int(str(r).split("/")[-1])) == [f"I247.5/{n}" for n in range(1, 9)]


def test_cataloguers_of_two_classes_at_once_each_get_the_next_number_of_their_class():
    from shuyuan.catalog.book_numbers import next_accession_number

    classes = ["I247.5", "TP311"] * 4
    barrier = threading.Barrier(len(classes))
    results: list[Any] = [None] * len(classes)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = (classes[index], next_accession_number(classes[index]))
        except Exception as error:  # shown in the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(classes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results, key=str) == [(c, n) for c in ("I247.5", "TP311") for n in range(1, 5)]
