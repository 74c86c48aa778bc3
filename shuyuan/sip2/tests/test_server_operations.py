"""Counters per kiosk, graceful shutdown and TLS."""

import datetime as dt
import ssl
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from shuyuan.sip2 import messages as m
from shuyuan.sip2.models import DeviceCounter
from shuyuan.sip2.server import in_database
from shuyuan.sip2.tests.kiosk import Kiosk, kiosk, live_server, make_kiosk

pytestmark = pytest.mark.django_db(transaction=True)


def counts(device):
    return {c.command: (c.messages, c.errors) for c in DeviceCounter.objects.filter(device=device)}


def test_messages_and_errors_are_counted_per_kiosk_and_command():
    device = make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        for _ in range(3):
            client.exchange(m.ScStatus())
        client.exchange_raw(b"garbage\r")
        server.call(server.server.flush_counters())
        assert counts(device) == {"93": (1, 0), "99": (3, 0), "??": (1, 1)}


def test_counters_add_up_over_several_flushes():
    device = make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        server.call(server.server.flush_counters())
        client.exchange(m.ScStatus())
        client.login()
        server.call(server.server.flush_counters())
        assert counts(device) == {"93": (2, 0), "99": (1, 0)}


def test_a_counter_keeps_the_latency_and_the_time_of_the_last_message():
    device = make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        server.call(server.server.flush_counters())
    counter = DeviceCounter.objects.get(device=device, command="93")
    assert counter.latency_total_us > 0
    assert counter.latency_max_us <= counter.latency_total_us
    assert counter.last_message_at is not None


def test_shutdown_flushes_the_counters():
    device = make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        server.stop()
    assert counts(device) == {"93": (1, 0)}


def test_shutdown_closes_idle_connections():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        server.stop()
        assert client.is_closed_by_server()


def test_shutdown_lets_a_request_in_hand_finish_and_answers_it():
    make_kiosk()
    with live_server(shutdown_grace=5.0) as server, kiosk(server) as client:
        client.login()
        server.loop.call_soon_threadsafe(lambda: server.loop.create_task(in_database(time.sleep, 0.5)))
        client.send(m.EndPatronSessionRequest(patron_id="P1"))
        time.sleep(0.1)
        server.stop()
        assert client.receive().end_session is True
        assert client.is_closed_by_server()


def test_a_new_connection_is_refused_after_shutdown():
    with live_server() as server:
        port = server.port
        server.stop()
        with pytest.raises(ConnectionRefusedError):
            Kiosk(port)


@pytest.fixture
def certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_a_kiosk_can_talk_sip2_over_tls(certificate):
    from shuyuan.sip2.management.commands.runsip2 import tls_context

    make_kiosk()
    client_context = ssl.create_default_context(cafile=str(certificate[0]))
    with live_server(tls=tls_context(str(certificate[0]), str(certificate[1]))) as server:
        import socket

        raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        client = Kiosk(server.port, sock=client_context.wrap_socket(raw, server_hostname="127.0.0.1"))
        try:
            assert client.login() is True
            assert client.exchange(m.ScStatus()).online_status is True
        finally:
            client.close()


def test_plain_text_sent_to_the_tls_port_does_not_stop_the_server(certificate):
    from shuyuan.sip2.management.commands.runsip2 import tls_context

    make_kiosk()
    client_context = ssl.create_default_context(cafile=str(certificate[0]))
    with live_server(tls=tls_context(str(certificate[0]), str(certificate[1]))) as server:
        with kiosk(server, timeout=15) as plain:
            plain.send_raw(b"9300CNkiosk1|COx|\r")
            assert plain.is_closed_by_server()
        import socket

        raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        client = Kiosk(server.port, sock=client_context.wrap_socket(raw, server_hostname="127.0.0.1"))
        try:
            assert client.login() is True
        finally:
            client.close()
