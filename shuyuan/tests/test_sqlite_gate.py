"""The SQLite write gate: one transaction at a time across connections, handed on at release."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from shuyuan.sqlite.base import WriteGate


@pytest.fixture
def gate_path(tmp_path):
    return str(tmp_path / "db.sqlite3-gate")


def test_a_second_connection_waits_until_the_first_lets_go(gate_path):
    first, second = WriteGate(gate_path, timeout=5), WriteGate(gate_path, timeout=5)
    order = []
    first.acquire()
    waiter = threading.Thread(target=lambda: (second.acquire(), order.append("second in")))
    waiter.start()
    waiter.join(0.2)
    order.append("first out")
    first.release()
    waiter.join(5)
    assert order == ["first out", "second in"]
    second.release()


def test_waiting_past_the_timeout_is_refused_and_leaves_the_gate_usable(gate_path):
    holder, late = WriteGate(gate_path, timeout=5), WriteGate(gate_path, timeout=0.05)
    holder.acquire()
    with pytest.raises(OperationalError, match="locked"):
        late.acquire()
    holder.release()
    late.timeout = 5
    late.acquire()
    assert late.held
    late.release()
    holder.acquire()  # the abandoned wait took nothing with it
    assert holder.held


def test_closing_a_connection_lets_the_next_one_in(gate_path):
    holder, next_one = WriteGate(gate_path, timeout=5), WriteGate(gate_path, timeout=1)
    holder.acquire()
    holder.close()
    next_one.acquire()
    assert next_one.held


@pytest.mark.django_db(transaction=True)
def test_a_django_transaction_holds_the_gate_until_commit_or_rollback():
    if connection.vendor != "sqlite":
        pytest.skip("the gate is SQLite's")
    with transaction.atomic():
        assert connection.gate.held
    assert not connection.gate.held
    with pytest.raises(RuntimeError), transaction.atomic():
        assert connection.gate.held
        raise RuntimeError("refused")
    assert not connection.gate.held


@pytest.mark.django_db(transaction=True)
def test_a_transaction_in_another_thread_begins_after_this_one_commits():
    if connection.vendor != "sqlite":
        pytest.skip("the gate is SQLite's")
    order = []

    def other() -> None:
        with transaction.atomic():
            order.append("other began")
        connections.close_all()

    with transaction.atomic():
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.2)
        order.append("this committed")
    thread.join(5)
    assert order == ["this committed", "other began"]
