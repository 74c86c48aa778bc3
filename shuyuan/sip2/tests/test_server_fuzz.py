"""Random and mutated bytes thrown at a live server; afterwards a fresh kiosk is still served."""

import logging
import random
import socket

import pytest

from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import PASSWORD, kiosk, live_server, make_kiosk

pytestmark = pytest.mark.django_db(transaction=True)
CASES = 300

LOGIN = m.format_message(
    m.LoginRequest(login_user_id="kiosk1", login_password=PASSWORD), sequence=0, with_checksum=True
)
SEEDS = [
    m.ScStatus(),
    m.LoginRequest(login_user_id="kiosk1", login_password=PASSWORD, location_code="一楼"),
    m.PatronStatusRequest(patron_id="P1", patron_password="1234"),
    m.PatronInformationRequest(summary="  Y       ", patron_id="P1", start_item=1, end_item=5),
    m.CheckoutRequest(patron_id="P1", item_id="B1"),
    m.CheckinRequest(item_id="B1", current_location="一楼"),
    m.ItemInformationRequest(item_id="B1"),
    m.RenewRequest(patron_id="P1", item_id="B1"),
    m.RenewAllRequest(patron_id="P1"),
    m.HoldRequest(patron_id="P1", title_id="红楼梦"),
    m.EndPatronSessionRequest(patron_id="P1"),
    m.FeePaidRequest(patron_id="P1", fee_amount=None),
    m.ItemStatusUpdateRequest(item_id="B1", item_properties="x"),
    m.PatronEnableRequest(patron_id="P1"),
    m.BlockPatron(patron_id="P1", blocked_card_message="x"),
    m.RequestAcsResend(),
]


def mutated(rng: random.Random) -> bytes:
    data = bytearray(m.format_message(rng.choice(SEEDS), sequence=rng.randrange(10), with_checksum=rng.random() < 0.7))
    for _ in range(rng.randrange(1, 6)):
        position = rng.randrange(len(data) + 1)
        action = rng.choice(["flip", "insert", "delete", "duplicate", "truncate"])
        if action == "flip" and position < len(data):
            data[position] ^= 1 << rng.randrange(8)
        elif action == "insert":
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif action == "delete":
            del data[position : position + rng.randrange(1, 8)]
        elif action == "duplicate":
            data[position:position] = data[: rng.randrange(len(data) + 1)]
        else:
            del data[position:]
    return bytes(data)


def random_bytes(rng: random.Random) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 600)))


def throw(port: int, payload: bytes, *, log_in: bool) -> None:
    """Send the payload (after a login, maybe), close our side, read until the server is done."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        if log_in:
            sock.sendall(LOGIN)
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        while sock.recv(65536):
            pass


def test_random_and_mutated_messages_leave_the_server_serving_a_fresh_kiosk(caplog):
    make_kiosk()
    rng = random.Random(20160707)
    with live_server(max_message_size=1024) as server:
        for case in range(CASES):
            payload = mutated(rng) if case % 3 else random_bytes(rng)
            throw(server.port, payload + rng.choice([b"", b"\r", b"\r\n", b"\n"]), log_in=rng.random() < 0.7)
        with kiosk(server) as fresh:
            assert fresh.login() is True
            assert fresh.exchange(m.ScStatus()).online_status is True
            assert fresh.exchange(m.EndPatronSessionRequest(patron_id="P9")).patron_id == "P9"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
