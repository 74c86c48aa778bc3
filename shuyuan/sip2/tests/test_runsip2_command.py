"""``shuyuan runsip2`` as an operator runs it: a process that serves kiosks and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from shuyuan import keys
from shuyuan.sip2.tests.kiosk import Kiosk, make_kiosk
from shuyuan.testing.database import database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def start_runsip2(*options: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SHUYUAN_VAR": str(settings.VAR_DIR),
        # the keys this process uses (a test that moved VAR_DIR may have made them elsewhere)
        "SHUYUAN_PII_KEY": keys.key_text("pii_key"),
        "SHUYUAN_LOOKUP_KEY": keys.key_text("lookup_key"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "shuyuan", "runsip2", "--host", "127.0.0.1", "--port", "0", *options],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def port_announced(process: subprocess.Popen[str]) -> int:
    line = process.stdout.readline()
    assert line.startswith("SIP2 server listening on 127.0.0.1:")
    return int(line.rsplit(":", 1)[1])


def workers_of(process: subprocess.Popen[str]) -> set[int]:
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return {int(pid) for pid in children}


def test_runsip2_serves_a_kiosk_and_stops_cleanly_on_sigterm():
    make_kiosk()
    process = start_runsip2("--workers", "1")
    try:
        client = Kiosk(port_announced(process))
        assert client.login() is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert client.is_closed_by_server()
        client.close()
    finally:
        if process.poll() is None:
            process.kill()


def test_runsip2_with_several_workers_serves_kiosks_on_one_port_and_stops_cleanly():
    make_kiosk()
    process = start_runsip2("--workers", "2")
    try:
        port = port_announced(process)
        clients = [Kiosk(port) for _ in range(6)]
        assert all(client.login() for client in clients)
        assert len(workers_of(process)) == 2
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert all(client.is_closed_by_server() for client in clients)
        for client in clients:
            client.close()
    finally:
        if process.poll() is None:
            process.kill()


def test_a_worker_that_dies_is_replaced_and_kiosks_are_still_served():
    make_kiosk()
    process = start_runsip2("--workers", "2")
    try:
        port = port_announced(process)
        first = workers_of(process)
        os.kill(min(first), signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (len(workers_of(process)) < 2 or workers_of(process) == first) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers_of(process) - first) == 1
        clients = [Kiosk(port) for _ in range(6)]
        assert all(client.login() for client in clients)
        for client in clients:
            client.close()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
