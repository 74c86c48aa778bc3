"""Crash safety, proven (issue 19): kiosks lend and return over SIP2, desk clerks lend and return by
scanning on the desk page (its scan endpoint, as the page's JavaScript posts it), and a registration
kiosk registers readers over the API while the servers are killed with SIGKILL at random moments and restarted; then
nothing a kiosk was told "ok" about is missing and every invariant holds. ``CRASH_KILLS`` sets how
many kills (20 in make test; ``make bench`` runs a long one)."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import Kiosk
from shuyuan.testing.database import database_url
from shuyuan.testing.patrons import resident_id

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("CRASH_KILLS", "20"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def crash_database(folder: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{folder / 'crash.sqlite3'}"
    import psycopg

    s = connection.settings_dict
    name = f"shuyuan_crash_{os.getpid()}_{random.randrange(1 << 30)}"
    params = {k: v for k, v in {"host": s["HOST"], "port": s["PORT"], "user": s["USER"]}.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as db:
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8')
    return database_url(name)


class Servers:
    """``runsip2`` and ``serve``, each in a process group of its own so that a kill takes its workers."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.sip2_port, self.web_port = env, free_port(), free_port()
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, *, wait: bool = True) -> None:
        shuyuan = [sys.executable, "-m", "shuyuan"]
        self.processes = [
            subprocess.Popen(
                [*shuyuan, "runsip2", "--host", "127.0.0.1", "--port", str(self.sip2_port)],
                env=self.env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [*shuyuan, "serve", "--no-sip2", "--port", str(self.web_port), "--threads", "4"],
                env=self.env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        ]
        deadline = time.monotonic() + 60
        while wait and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.sip2_port), timeout=1).close()
                urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}/api/health", timeout=2)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        if wait:
            raise AssertionError("the servers did not come up")

    def signal(self, number: int) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, number)
            except ProcessLookupError:
                pass
        for process in self.processes:
            process.wait(30)


class Load:
    """What the kiosks were told: every act answered ok, which must survive any crash after it."""

    def __init__(self, plan: dict[str, Any], servers: Servers) -> None:
        self.plan, self.servers = plan, servers
        self.acked: dict[str, Any] = {"circulation": [], "cards": [], "desk": 0}
        self.lock, self.stop = threading.Lock(), threading.Event()

    def kiosk(self, kiosk_plan: dict[str, Any]) -> None:
        while not self.stop.is_set():
            try:
                client = Kiosk(self.servers.sip2_port, timeout=5)
            except OSError:
                time.sleep(0.05)
                continue
            try:
                if not client.login(kiosk_plan["username"], self.plan["password"]):
                    continue
                for barcode in kiosk_plan["items"]:
                    for kind, request in (
                        (
                            "checkout",
                            m.CheckoutRequest(
                                institution_id="LL01",
                                patron_id=kiosk_plan["card"],
                                item_id=barcode,
                                terminal_password="",
                            ),
                        ),
                        (
                            "checkin",
                            m.CheckinRequest(
                                current_location="LL01", institution_id="LL01", item_id=barcode, terminal_password=""
                            ),
                        ),
                    ):
                        if client.exchange(request).ok:
                            with self.lock:
                                self.acked["circulation"].append({"kind": kind, "barcode": barcode})
                    if self.stop.is_set():
                        return
            except (OSError, ConnectionError, ValueError):
                time.sleep(0.05)
            finally:
                client.close()

    def desk(self, desk_plan: dict[str, Any]) -> None:
        """A clerk at the desk page: the reader's card, then a book (lend); then the book in return mode."""
        token = "crashcsrf" + "0" * 23  # the page's CSRF cookie and header, as the browser would send them
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"sessionid={desk_plan['session']}; csrftoken={token}",
            "X-CSRFToken": token,
            "Referer": f"http://127.0.0.1:{self.servers.web_port}/desk/",
        }
        counter = 0

        def send(session: str, mode: str, value: str) -> dict[str, Any]:
            nonlocal counter
            counter += 1
            body = {"client_id": f"{session}-{counter}", "session": session, "mode": mode, "value": value}
            body["service_point"] = desk_plan["point"]
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.servers.web_port}/desk/scan/",
                data=json.dumps(body).encode(),
                method="POST",
                headers=headers,
            )
            with urllib.request.urlopen(request, timeout=5) as answer:
                return dict(json.load(answer))

        rounds = 0
        while not self.stop.is_set():
            rounds += 1
            for barcode in desk_plan["items"]:
                if self.stop.is_set():
                    return
                session = f"crash-{desk_plan['card']}-{rounds}-{barcode}"
                try:
                    send(session, "lend", desk_plan["card"])
                    answer = send(session, "lend", barcode)
                    if answer.get("ok") and answer.get("kind") == "lend":
                        with self.lock:
                            self.acked["circulation"].append({"kind": "checkout", "barcode": barcode})
                    answer = send(session + "-r", "return", barcode)
                    if answer.get("ok") and answer.get("kind") == "return":
                        with self.lock:
                            self.acked["circulation"].append({"kind": "checkin", "barcode": barcode})
                        with self.lock:
                            self.acked["desk"] += 1
                except (OSError, http.client.HTTPException, ValueError):
                    time.sleep(0.05)

    def registrations(self) -> None:
        for n in range(1, 10_000):
            if self.stop.is_set():
                return
            body = {"name": "测试读者", "id_number": resident_id(date(1985, 3, 9), sequence=n), "pin": "580147"}
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.servers.web_port}/api/patrons/registrations",
                data=json.dumps(body).encode(),
                method="POST",
                headers={"Authorization": f"Bearer {self.plan['api_key']}", "Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    card = json.load(answer).get("card_number")
                    if answer.status == 201 and card:
                        with self.lock:
                            self.acked["cards"].append(card)
            except (OSError, http.client.HTTPException, ValueError):
                time.sleep(0.05)

    def run(self) -> Iterator[None]:
        threads = [threading.Thread(target=self.kiosk, args=(k,), daemon=True) for k in self.plan["kiosks"]]
        threads += [threading.Thread(target=self.desk, args=(d,), daemon=True) for d in self.plan["desks"]]
        threads.append(threading.Thread(target=self.registrations, daemon=True))
        for thread in threads:
            thread.start()
        yield
        self.stop.set()
        for thread in threads:
            thread.join(30)


def test_nothing_acknowledged_is_lost_when_the_servers_are_killed(tmp_path):
    env = {
        **os.environ,
        "SHUYUAN_VAR": str(tmp_path / "var"),
        "DATABASE_URL": crash_database(tmp_path),
        "SHUYUAN_LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-m", "shuyuan", "migrate", "-v", "0"], env=env, check=True)
    made = subprocess.run(
        [sys.executable, "-m", "shuyuan.tests.crash.library"], env=env, check=True, capture_output=True, text=True
    )
    servers = Servers(env)
    servers.start()
    load = Load(json.loads(made.stdout), servers)
    rng = random.Random(20160707)
    running = load.run()
    next(running)
    try:
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.2, 0.9))
            servers.signal(signal.SIGKILL)
            servers.start()
        time.sleep(0.5)
    finally:
        next(running, None)
        servers.signal(signal.SIGTERM)
    checked = subprocess.run(
        [sys.executable, "-m", "shuyuan.tests.crash.check"],
        env=env,
        input=json.dumps(load.acked),
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert len(load.acked["circulation"]) > 2 * KILLS, "the kiosks must have been lending throughout"
    assert load.acked["cards"], "the registration kiosk must have registered readers"
    assert load.acked["desk"], "the desk must have lent and taken back books"
    assert json.loads(checked.stdout) == []
