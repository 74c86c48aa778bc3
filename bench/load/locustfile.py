"""Locust users for ``python -m bench.load``: desk clerks lending and taking back books on the desk
page's scan endpoint, OPAC readers searching and opening records, people counters posting their counts
to the API. ``LOAD_PLAN`` names the JSON file that ``bench.load.setup_library`` wrote (sessions, cards,
books, device keys). Any answer but the expected one counts as a failure."""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
_clerks = itertools.cycle(PLAN["clerks"])
_gates = itertools.count(1)
_lock = threading.Lock()
CSRF = "loadcsrf" + "0" * 24


class DeskClerk(HttpUser):
    """A clerk at the desk: the reader's card, a book (lend), then the book again in return mode."""

    weight = 20
    wait_time = between(1, 3)

    def on_start(self) -> None:
        with _lock:
            self.plan = next(_clerks)
        self.client.cookies.set("sessionid", self.plan["session"])
        self.client.cookies.set("csrftoken", CSRF)
        self.sent = itertools.count()

    def scan(self, session: str, mode: str, value: str, name: str) -> dict[str, Any]:
        body = {
            "client_id": f"{session}-{next(self.sent)}",
            "session": session,
            "mode": mode,
            "value": value,
            "service_point": PLAN["desk"],
        }
        headers = {"X-CSRFToken": CSRF, "Referer": f"{self.host}/desk/"}
        with self.client.post("/desk/scan/", json=body, headers=headers, name=name, catch_response=True) as answer:
            data = answer.json() if answer.status_code == 200 else {}
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")
            return dict(data)

    @task
    def lend_and_return(self) -> None:
        book = random.choice(self.plan["books"])
        session = f"load{random.randrange(1 << 40):x}"
        self.scan(session, "lend", self.plan["card"], "desk: scan card")
        lent = self.scan(session, "lend", book, "desk: lend")
        returned = self.scan(session + "r", "return", book, "desk: return")
        if not (lent.get("ok") or returned.get("ok")):
            self.environment.events.request.fire(
                request_type="ACT", name="desk: lend or return refused", response_time=0, response_length=0,
                exception=RuntimeError(lent.get("message") or returned.get("message")), context={},
            )  # fmt: skip

    @task(2)
    def desk_page(self) -> None:
        self.client.get("/desk/", name="desk: page")


class OpacReader(HttpUser):
    """A reader on a phone: the catalogue's home, a search, a record."""

    weight = 200
    wait_time = between(3, 10)

    @task(3)
    def search(self) -> None:
        self.client.get("/search/", params={"q": random.choice(PLAN["words"])}, name="opac: search")

    @task(3)
    def record(self) -> None:
        self.client.get(f"/record/{random.choice(PLAN['records'])}/", name="opac: record")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="opac: home")


class PeopleCounter(HttpUser):
    """A gate counter posting the last interval's count, and asking the opening hours now and then."""

    weight = 10
    wait_time = between(5, 15)

    def on_start(self) -> None:
        self.gate = f"闸机{next(_gates)}"
        self.client.headers["Authorization"] = f"Bearer {PLAN['counter_key']}"
        self.since = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)

    @task(4)
    def count(self) -> None:
        """The interval since this gate's last count (intervals of one gate never overlap)."""
        end = max(datetime.now(UTC).replace(microsecond=0), self.since + timedelta(seconds=1))
        body = {"gate": self.gate, "start": self.since.isoformat(), "end": end.isoformat()}
        body["count"] = random.randrange(0, 30)
        self.since = end
        self.client.post("/api/visits/counts", json=body, name="api: people count")

    @task(1)
    def opening(self) -> None:
        self.client.get(f"/api/branches/{PLAN['branch']}/opening", name="api: opening hours")
