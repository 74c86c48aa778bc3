"""A live SIP2 server on 127.0.0.1 for tests, and a blocking kiosk that talks to it."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from shuyuan.devices.models import Device
from shuyuan.sip2 import messages as m
from shuyuan.sip2.server import ServerConfig, Sip2Server
from shuyuan.testing.devices import make_device

PASSWORD = "kiosk-secret"
TEST_CONFIG = ServerConfig(host="127.0.0.1", port=0, counter_flush_interval=3600, shutdown_grace=2.0)


class LiveServer:
    """A Sip2Server running its own event loop in a thread, as ``runsip2`` runs it in a process."""

    def __init__(self, config: ServerConfig) -> None:
        self.server = Sip2Server(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        self.call(self.server.start())
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.loop.is_closed():
            self.stop()

    def call(self, coroutine: Any, timeout: float = 10.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.call(self.server.shutdown())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()

    @property
    def port(self) -> int:
        return self.server.port


@contextmanager
def live_server(**overrides: Any) -> Iterator[LiveServer]:
    with LiveServer(replace(TEST_CONFIG, **overrides)) as server:
        yield server


def make_kiosk(username: str = "kiosk1", **fields: Any) -> Device:
    fields.setdefault("institution_id", "LL01")
    device, _password = make_device(Device.Kind.SIP2_KIOSK, username=username, password=PASSWORD, **fields)
    return device


class Kiosk:
    """A self-check machine: sends bytes or messages, reads one CR-terminated answer at a time."""

    def __init__(self, port: int, *, encoding: str = "utf-8", timeout: float = 5.0, sock: Any = None) -> None:
        self.sock = sock or socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.encoding = encoding
        self.buffer = b""
        self.sequence = 0

    def close(self) -> None:
        self.sock.close()

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def receive_raw(self) -> bytes:
        """One answer including its terminator."""
        while b"\r" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed by the server (unread: {self.buffer!r})")
            self.buffer += chunk
        end = self.buffer.index(b"\r") + 1
        if self.buffer[end : end + 1] == b"\n":
            end += 1
        answer, self.buffer = self.buffer[:end], self.buffer[end:]
        return answer

    def exchange_raw(self, data: bytes) -> bytes:
        self.send_raw(data)
        return self.receive_raw()

    def send(self, message: m.Message, *, error_detection: bool = True) -> None:
        sequence = self.sequence if error_detection else None
        self.sequence = (self.sequence + 1) % 10
        self.send_raw(
            m.format_message(message, encoding=self.encoding, sequence=sequence, with_checksum=error_detection)
        )

    def receive(self) -> m.Message:
        return m.parse_message(self.receive_raw(), encoding=self.encoding).message

    def exchange(self, message: m.Message, *, error_detection: bool = True) -> Any:
        self.send(message, error_detection=error_detection)
        return self.receive()

    def login(self, username: str = "kiosk1", password: str = PASSWORD) -> bool:
        return self.exchange(m.LoginRequest(login_user_id=username, login_password=password)).ok

    def is_closed_by_server(self) -> bool:
        """True when the server has closed the connection (EOF or reset within the timeout)."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
        except TimeoutError:
            return False


@contextmanager
def kiosk(server: LiveServer, **options: Any) -> Iterator[Kiosk]:
    client = Kiosk(server.port, **options)
    try:
        yield client
    finally:
        client.close()
