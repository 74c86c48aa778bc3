"""Desk benchmark: the lending desk's checkout and check-in requests over HTTP against the production
server (``shuyuan serve``), for one desk and for 20 desks at once, the panel of a reader with 500
loans, and the bare circulation service calls measured in the same run on the same database.

    python -m bench.desk                                                    # 20 000 items, quick
    python -m bench.desk --items 500000 --patrons 100000 --loans 2000000    # county scale, minutes to build

Each desk is a thread with its own keep-alive connection, logged-in session and CSRF token; it scans
a reader's card, then books (one POST /desk/scan/ each, as the page's queue sends them), then returns
them in returns mode. Latency is measured at the client, so it includes HTTP and the client's own
time on this shared machine; the server's own time per request is read from each answer's
``Server-Timing`` header (``shuyuan serve`` adds it) and reported beside it.
Results go to bench/results/desk-<engine>-<items>.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from bench.circulation.__main__ import time_pairs
from bench.django_setup import setup_django
from bench.report import latency, machine
from bench.serve.__main__ import start_shuyuan_serve

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGETS = {"scan_p95_ms": 15.0, "twenty_desks_p99_ms": 100.0, "panel_500_loans_ms": 50.0}
HEAVY_LOANS = 500
KINDS = ("reader", "checkout", "checkin", "checkout_server", "checkin_server")


def main() -> None:
    args = parse_arguments()
    env = setup_django("desk")
    from django.utils import timezone

    from bench.circulation import dataset
    from shuyuan.catalog.models import Item
    from shuyuan.patrons.models import Patron

    now = timezone.now()
    started = time.perf_counter()
    if args.reuse:  # a database this benchmark filled before (DATABASE_URL): measure again
        from shuyuan.branches.models import ServicePoint

        desk = ServicePoint.objects.select_related("branch").get(code="BB01-DESK")
        patrons = list(Patron.objects.only("id", "card_number").order_by("pk"))
        items = list(Item.objects.filter(status=Item.Status.ON_SHELF).only("id", "barcode").order_by("pk"))
    else:
        dataset.require_empty()
        branch, desk, book, adult = dataset.setting()
        dataset.fill_items(args.items + HEAVY_LOANS, branch, book, now)
        dataset.fill_patrons(args.patrons + 1, branch, adult, now)
        dataset.fill_past_loans(args.loans, branch, desk, book, 20161207, now)
        items = list(Item.objects.only("id", "barcode").order_by("pk"))
        patrons = list(Patron.objects.only("id", "card_number").order_by("pk"))
        dataset.give_loans(patrons[0], items[args.items :], branch, book, now)
        items = items[: args.items]
        dataset.analyze()
    heavy, readers = patrons[0], patrons[1:]
    fill_seconds = time.perf_counter() - started
    if args.build_only:
        print(f"filled in {fill_seconds:.0f} s; measure with --reuse")
        return
    session = staff_session()
    rng = random.Random(args.seed)
    rng.shuffle(items)
    server, port = start_shuyuan_serve(env, workers=args.workers, threads=args.threads)
    try:
        results = measure(args, port, session, desk, items, readers, heavy, rng)
    finally:
        server.terminate()
        server.wait(20)
    results.update(
        {
            "benchmark": "desk",
            "engine": engine(),
            "sizes": {
                "items": args.items,
                "patrons": args.patrons,
                "past_loans": args.loans,
                "heavy_loans": HEAVY_LOANS,
            },
            "fill_seconds": round(fill_seconds, 1),
            "server": f"shuyuan serve (gunicorn, {args.workers} workers × {args.threads} threads)",
            "targets": TARGETS,
            "machine": machine(),
        }
    )
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"desk-{results['engine']}-{args.items}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--patrons", type=int, default=5_000)
    parser.add_argument("--loans", type=int, default=50_000)
    parser.add_argument("--books", type=int, default=300, help="books lent and returned by the single desk")
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--books-per-desk", type=int, default=40)
    parser.add_argument(
        "--pace", type=float, default=0.5, help="seconds between a paced desk's scans (a person scans every 1-3 s)"
    )
    parser.add_argument("--panels", type=int, default=100, help="times the 500-loan reader's panel is shown")
    parser.add_argument("--workers", type=int, default=2, help="the server's worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--seed", type=int, default=20161207)
    parser.add_argument("--reuse", action="store_true", help="measure again on the database DATABASE_URL names")
    parser.add_argument("--build-only", action="store_true", help="fill the database and stop (then --reuse)")
    return parser.parse_args()


def engine() -> str:
    from django.db import connection

    return connection.vendor


def staff_session() -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(username="bench-clerk").first() or get_user_model().objects.create_superuser(
        "bench-clerk", password=secrets.token_hex(8)
    )
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Desk:
    """One desk computer: a keep-alive connection, a session and a CSRF token."""

    def __init__(self, port: int, session: str, point: str, pace: float = 0.0) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        token = secrets.token_hex(16)  # a CSRF secret: the cookie and the header must agree
        self.headers = {
            "Cookie": f"sessionid={session}; csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/json",
        }
        self.point = point
        self.server_ms = 0.0  # the last response's Server-Timing: the application's own time
        self.pace = pace  # seconds from one scan to the next, as a person scans; 0: as fast as answered
        self.next_at = time.perf_counter() + random.uniform(0, pace)

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[float, int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        started = time.perf_counter()
        self.connection.request(method, path, body=data, headers=self.headers)
        response = self.connection.getresponse()
        content = response.read()
        self.server_ms = float((response.getheader("Server-Timing") or "app;dur=nan").removeprefix("app;dur="))
        return (time.perf_counter() - started) * 1000, response.status, content

    def scan(self, value: str, mode: str, session: str) -> tuple[float, dict[str, Any]]:
        if self.pace:
            time.sleep(max(0.0, self.next_at - time.perf_counter()))
            self.next_at += self.pace
        body = {"client_id": secrets.token_hex(12), "session": session, "mode": mode, "value": value}
        ms, status, content = self.request("POST", "/desk/scan/", {**body, "service_point": self.point})
        if status != 200:
            raise SystemExit(f"scan answered {status}: {content[:300]!r}")
        return ms, json.loads(content)


def serve_reader(desk: Desk, card: str, barcodes: list[str], times: dict[str, list[float]]) -> None:
    """One reader at the desk: their card, their books lent, then the same books returned."""
    lending, returning = secrets.token_hex(8), secrets.token_hex(8)
    times["reader"].append(desk.scan(card, "lend", lending)[0])
    for barcode in barcodes:
        ms, answer = desk.scan(barcode, "lend", lending)
        if not answer.get("ok"):
            raise SystemExit(f"checkout refused: {answer}")
        times["checkout"].append(ms)
        times["checkout_server"].append(desk.server_ms)
    for barcode in barcodes:
        ms, answer = desk.scan(barcode, "return", returning)
        times["checkin"].append(ms)
        times["checkin_server"].append(desk.server_ms)


def run_desk(
    port: int, session: str, point: str, work: list[tuple[str, list[str]]], pace: float = 0.0
) -> dict[str, list[float]]:
    desk = Desk(port, session, point, pace)
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for card, barcodes in work:
        serve_reader(desk, card, barcodes, times)
    return times


def plan(items: list[Any], readers: list[Any], rng: random.Random, books: int) -> list[tuple[str, list[str]]]:
    """Readers borrowing five books each, ``books`` books in all, taken from the front of ``items``."""
    work = []
    for first in range(0, books, 5):
        work.append((rng.choice(readers).card_number, [i.barcode for i in items[first : first + 5]]))
    del items[:books]
    return work


def figures(times: dict[str, list[float]], seconds: float) -> dict[str, Any]:
    scans = times["checkout"] + times["checkin"]
    return {
        "requests": len(scans) + len(times["reader"]),
        "requests_per_second": round((len(scans) + len(times["reader"])) / seconds, 1),
        "checkout_ms": latency(times["checkout"]),
        "checkin_ms": latency(times["checkin"]),
        "checkout_server_ms": latency(times["checkout_server"]),
        "checkin_server_ms": latency(times["checkin_server"]),
        "reader_card_ms": latency(times["reader"]),
        "any_scan_ms": latency(scans),
    }


def desks_at_once(
    args: argparse.Namespace,
    port: int,
    session: str,
    point: str,
    items: list[Any],
    readers: list[Any],
    rng: random.Random,
    *,
    pace: float,
) -> dict[str, Any]:
    """``args.desks`` desks serving readers at the same time, each scanning every ``pace`` seconds (0: the
    next scan as soon as the last is answered, the server's capacity)."""
    work = [plan(items, readers, rng, args.books_per_desk) for _ in range(args.desks)]
    merged: dict[str, list[float]] = {kind: [] for kind in KINDS}
    lock = threading.Lock()

    def desk_thread(desk_work: list[tuple[str, list[str]]]) -> None:
        times = run_desk(port, session, point, desk_work, pace)
        with lock:
            for key, values in times.items():
                merged[key].extend(values)

    threads = [threading.Thread(target=desk_thread, args=(w,)) for w in work]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {**figures(merged, time.perf_counter() - started), "pace_seconds": pace}


def measure(
    args: argparse.Namespace,
    port: int,
    session: str,
    point: Any,
    items: list[Any],
    readers: list[Any],
    heavy: Any,
    rng: random.Random,
) -> dict[str, Any]:
    run_desk(port, session, point.code, plan(items, readers, rng, 20))  # warm-up
    started = time.perf_counter()
    one = run_desk(port, session, point.code, plan(items, readers, rng, args.books))
    one_desk = figures(one, time.perf_counter() - started)
    many_desks = desks_at_once(args, port, session, point.code, items, readers, rng, pace=0.0)
    paced_desks = desks_at_once(args, port, session, point.code, items, readers, rng, pace=args.pace)
    panel = Desk(port, session, point.code)
    panel_times, panel_server = [], []
    for _ in range(args.panels):
        ms, status, content = panel.request("GET", f"/desk/reader/{heavy.pk}/?sp={point.code}")
        assert status == 200 and content.count(b"data-barcode") == HEAVY_LOANS, status
        panel_times.append(ms)
        panel_server.append(panel.server_ms)
    bare = time_pairs(point, [(i, rng.choice(readers)) for i in items[: args.books]])
    bare_panel = time_bare_panel(heavy, point, args.panels)
    return {
        "one_desk": one_desk,
        "desks": args.desks,
        "many_desks": many_desks,
        "paced_desks": paced_desks,
        "panel_500_loans_ms": latency(panel_times),
        "panel_500_loans_server_ms": latency(panel_server),
        "bare_service": {
            "checkout_ms": bare["checkout_ms"],
            "checkin_ms": bare["checkin_ms"],
            "standing_and_account_500_loans_ms": bare_panel,
        },
        "ratio_to_bare_p50": {
            "checkout": round(one_desk["checkout_ms"]["p50_ms"] / bare["checkout_ms"]["p50_ms"], 1),
            "checkin": round(one_desk["checkin_ms"]["p50_ms"] / bare["checkin_ms"]["p50_ms"], 1),
            "panel": round(latency(panel_times)["p50_ms"] / bare_panel["p50_ms"], 1),
        },
    }


def time_bare_panel(heavy: Any, point: Any, count: int) -> dict[str, float]:
    from django.utils import timezone

    from shuyuan.circulation import queries

    durations = []
    for _ in range(count):
        started = time.perf_counter()
        queries.standing(heavy, at=timezone.now(), branch=point.branch)
        queries.account(heavy, at=timezone.now())
        durations.append((time.perf_counter() - started) * 1000)
    return latency(durations)


def print_table(results: dict[str, Any]) -> None:
    sizes = results["sizes"]
    print(
        f"desk over HTTP on {results['engine']}, {results['server']}: {sizes['items']} items, "
        f"{sizes['patrons']} readers, {sizes['past_loans']} past loans"
    )
    print(f"{'':44}{'p50':>8}{'p95':>8}{'p99':>8}{'req/s':>9}")
    blocks = (
        ("1 desk", results["one_desk"]),
        (f"{results['desks']} desks, no pause", results["many_desks"]),
        (f"{results['desks']} desks, {results['paced_desks']['pace_seconds']} s/scan", results["paced_desks"]),
    )
    for label, block in blocks:
        for kind in ("checkout", "checkin", "checkout_server", "checkin_server"):
            row, name = block[f"{kind}_ms"], f"{label} {kind.replace('_', ' ')} ms"
            print(
                f"{name:44}{row['p50_ms']:>8.2f}{row['p95_ms']:>8.2f}{row['p99_ms']:>8.2f}"
                f"{block['requests_per_second']:>9.0f}"
            )
    for label, row in (
        ("panel, reader with 500 loans ms", results["panel_500_loans_ms"]),
        ("panel, 500 loans, server ms", results["panel_500_loans_server_ms"]),
        ("bare checkout (service) ms", results["bare_service"]["checkout_ms"]),
        ("bare checkin (service) ms", results["bare_service"]["checkin_ms"]),
        ("bare standing+account 500 ms", results["bare_service"]["standing_and_account_500_loans_ms"]),
    ):
        print(f"{label:44}{row['p50_ms']:>8.2f}{row['p95_ms']:>8.2f}{row['p99_ms']:>8.2f}")
    ratio = results["ratio_to_bare_p50"]
    print(
        f"desk / bare service at p50: checkout {ratio['checkout']}x, checkin {ratio['checkin']}x, "
        f"panel {ratio['panel']}x"
    )


if __name__ == "__main__":
    main()
