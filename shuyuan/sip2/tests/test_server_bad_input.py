"""Any bytes from a client get a defined answer (96) or a clean close, and never disturb others."""

import contextlib
import socket
import time

import pytest

from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import Kiosk, kiosk, live_server, make_kiosk

pytestmark = pytest.mark.django_db(transaction=True)

RESEND = b"96\r"
RESEND_WITH_CHECKSUM = b"96AZFEF6\r"


@pytest.fixture
def server():
    make_kiosk()
    with live_server(max_message_size=512, idle_timeout=30, write_timeout=1.0) as running:
        yield running


@pytest.fixture
def client(server):
    with kiosk(server) as connected:
        connected.login()
        yield connected


def test_a_bad_checksum_is_answered_with_96_carrying_a_checksum(client):
    data = m.format_message(m.ScStatus(), sequence=1, with_checksum=True)
    assert client.exchange_raw(data.replace(b"AZ", b"AZ1").replace(b"\r", b"")[:-1] + b"\r") == RESEND_WITH_CHECKSUM


def test_the_connection_is_served_after_a_bad_checksum(client):
    client.exchange_raw(b"9900802.00AY1AZ0000\r")
    assert client.exchange(m.ScStatus()).online_status is True


def test_97_repeats_the_last_answer_byte_for_byte(client):
    first = client.exchange_raw(m.format_message(m.ScStatus(), sequence=4, with_checksum=True))
    assert client.exchange_raw(b"97AZFEF5\r") == first


def test_97_before_any_answer_gets_96(server):
    with kiosk(server) as fresh:
        assert fresh.exchange_raw(b"97\r") == RESEND


def test_an_unknown_command_is_answered_with_96(client):
    assert client.exchange_raw(b"XX12345|\r") == RESEND_WITH_CHECKSUM


def test_96_carries_no_checksum_to_a_kiosk_that_never_used_checksums(server):
    with kiosk(server) as plain:
        assert plain.exchange_raw(b"XX12345|\r") == RESEND


def test_a_response_code_sent_as_a_request_is_answered_with_96(client):
    assert client.exchange_raw(b"941\r") == RESEND_WITH_CHECKSUM


def test_a_truncated_message_is_answered_with_96(client):
    assert client.exchange_raw(b"11YN2016\r") == RESEND_WITH_CHECKSUM


def test_bytes_invalid_in_the_kiosks_character_set_are_answered_with_96(client):
    assert client.exchange_raw(b"17" + b"\xff" * 30 + b"|\r") == RESEND_WITH_CHECKSUM


def test_an_oversized_message_is_answered_with_96_and_skipped(client):
    assert client.exchange_raw(b"17" + b"9" * 5000 + b"AB1|\r") == RESEND_WITH_CHECKSUM
    assert client.exchange(m.ScStatus()).online_status is True


def test_an_endless_message_without_terminator_gets_one_96(client):
    for _ in range(20):
        client.send_raw(b"x" * 1000)
    assert client.receive_raw() == RESEND_WITH_CHECKSUM


def test_ten_bad_messages_in_a_row_close_the_connection(client):
    client.send_raw(b"garbage\r" * 10)
    answers = [client.receive_raw() for _ in range(10)]
    assert answers == [RESEND_WITH_CHECKSUM] * 10
    assert client.is_closed_by_server()


def test_a_good_message_resets_the_count_of_bad_ones(client):
    for _ in range(3):
        client.send_raw(b"garbage\r" * 9)
        [client.receive_raw() for _ in range(9)]
        assert client.exchange(m.ScStatus()).online_status is True


def test_a_message_ending_in_cr_lf_is_answered_with_cr_lf(client):
    assert client.exchange_raw(b"9900802.00\r\n").endswith(b"|\r\n")


def test_a_client_that_disconnects_mid_message_does_not_disturb_the_next_kiosk(server):
    with kiosk(server) as leaving:
        leaving.send_raw(b"9300CNkiosk1|COkio")
    with kiosk(server) as fresh:
        assert fresh.login() is True


def test_a_flood_from_a_client_that_never_reads_does_not_block_other_kiosks(server):
    flood = socket.create_connection(("127.0.0.1", server.port))
    flood.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    flood.setblocking(False)
    try:
        for _ in range(20000):
            try:
                flood.send(b"9900802.00\r" * 100)
            except BlockingIOError:
                break
        with kiosk(server) as other:
            assert other.login() is True
            assert other.exchange(m.ScStatus()).online_status is True
    finally:
        flood.close()


def test_a_client_that_floods_without_reading_is_disconnected(server):
    flood = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    flood.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        # 1 MB of status requests: their answers overflow every socket buffer between us.
        with contextlib.suppress(TimeoutError):
            flood.sendall(b"9900802.00\r" * 100_000)
        assert wait_until(lambda: not server.server.connections, seconds=60)
    finally:
        flood.close()


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_connection_idle_for_too_long_is_closed():
    make_kiosk()
    with live_server(idle_timeout=0.3) as server, kiosk(server) as client:
        client.login()
        time.sleep(0.6)
        assert client.is_closed_by_server()


def test_a_request_that_cannot_start_before_its_deadline_closes_the_connection():
    from shuyuan.sip2 import server as sip2_server

    make_kiosk()
    with live_server(request_timeout=0.3) as server, kiosk(server) as client:
        client.login()
        # Keep every database thread busy for longer than the deadline.
        for _thread in sip2_server._database.threads:
            server.loop.call_soon_threadsafe(lambda: server.loop.create_task(sip2_server.in_database(time.sleep, 1.0)))
        time.sleep(0.05)
        client.send(m.EndPatronSessionRequest(patron_id="P1"))
        assert client.is_closed_by_server()


def test_the_server_survives_a_client_that_resets_the_connection(server):
    raw = socket.create_connection(("127.0.0.1", server.port))
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    raw.sendall(b"9300CNkiosk1|")
    raw.close()
    with kiosk(server) as fresh:
        assert fresh.login() is True


def test_kiosks_served_in_parallel_each_get_their_own_answers(server):
    clients = [Kiosk(server.port) for _ in range(5)]
    try:
        for client in clients:
            client.login()
        for number, client in enumerate(clients):
            client.send(m.EndPatronSessionRequest(patron_id=f"P{number}"))
        assert [c.receive().patron_id for c in clients] == [f"P{n}" for n in range(5)]
    finally:
        for client in clients:
            client.close()
