"""``shuyuan runsip2`` as an operator runs it: a process that serves kiosks and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from shuyuan.sip2.tests.kiosk import Kiosk, make_kiosk

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def database_url() -> str:
    if connection.vendor != "sqlite":
        pytest.skip("the subprocess reaches the test database by file name")
    return f"sqlite:///{connection.settings_dict['NAME']}"


def test_runsip2_serves_a_kiosk_and_stops_cleanly_on_sigterm():
    make_kiosk()
    environment = {**os.environ, "DATABASE_URL": database_url(), "SHUYUAN_VAR": str(settings.VAR_DIR)}
    process = subprocess.Popen(
        [sys.executable, "-m", "shuyuan", "runsip2", "--host", "127.0.0.1", "--port", "0"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("SIP2 server listening on 127.0.0.1:")
        client = Kiosk(int(line.rsplit(":", 1)[1]))
        assert client.login() is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert client.is_closed_by_server()
        client.close()
    finally:
        if process.poll() is None:
            process.kill()
