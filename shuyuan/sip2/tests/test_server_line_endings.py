"""A kiosk that ends its messages with CR LF gets every answer ended with CR LF, the 96s included."""

import time

import pytest

from shuyuan.sip2.tests.kiosk import PASSWORD, Kiosk, kiosk, live_server, make_kiosk

pytestmark = pytest.mark.django_db(transaction=True)

CRLF = b"\r\n"


def read_up_to_crlf(client: Kiosk) -> bytes:
    """One answer as a kiosk reading up to CR LF sees it (Koha's SIP emulator by default): it times
    out if the answer ends with a bare CR."""
    while CRLF not in client.buffer:
        chunk = client.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed by the server (unread: {client.buffer!r})")
        client.buffer += chunk
    end = client.buffer.index(CRLF) + 2
    answer, client.buffer = client.buffer[:end], client.buffer[end:]
    return answer


@pytest.fixture
def client():
    make_kiosk()
    with live_server(idle_timeout=30) as server, kiosk(server, timeout=3.0) as connected:
        connected.send_raw(f"9300CNkiosk1|CO{PASSWORD}|CP|".encode() + CRLF)
        assert read_up_to_crlf(connected) == b"941" + CRLF
        yield connected


def test_garbage_on_a_crlf_connection_is_answered_with_96_ending_in_crlf(client):
    client.send_raw(b"1700120261206    050754AOBR1|AB1565921879|ACsip_01|" + CRLF)
    assert read_up_to_crlf(client) == b"96" + CRLF


def test_a_bad_checksum_on_a_crlf_connection_is_answered_with_96_ending_in_crlf(client):
    client.send_raw(b"9900802.00AY2AZ0000" + CRLF)
    assert read_up_to_crlf(client) == b"96AZFEF6" + CRLF


def test_an_unknown_command_on_a_crlf_connection_is_answered_with_96_ending_in_crlf(client):
    client.send_raw(b"XX12345|" + CRLF)
    assert read_up_to_crlf(client) == b"96" + CRLF


def test_97_with_nothing_to_repeat_on_a_crlf_connection_is_answered_with_96_ending_in_crlf():
    make_kiosk()
    with live_server(idle_timeout=30) as server, kiosk(server, timeout=3.0) as fresh:
        fresh.send_raw(b"97" + CRLF)
        assert read_up_to_crlf(fresh) == b"96" + CRLF


def test_a_crlf_split_across_two_reads_still_makes_the_connection_answer_in_crlf():
    make_kiosk()
    with live_server(idle_timeout=30) as server, kiosk(server, timeout=3.0) as client:
        client.send_raw(f"9300CNkiosk1|CO{PASSWORD}|CP|\r".encode())
        assert client.receive_raw() == b"941\r"
        client.send_raw(b"\n")
        time.sleep(0.2)  # the LF on its own, as a slow link delivers it
        client.send_raw(b"XX12345|\r")
        assert read_up_to_crlf(client) == b"96" + CRLF
