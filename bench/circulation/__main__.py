"""Circulation benchmark: checkout + checkin pairs per second through the service layer, per-call
p50/p95/p99, the same for a reader who already holds 400 loans, and the raw ceiling of the database
(a minimal transaction that updates one row and inserts one, same connection settings).

    python -m bench.circulation --items 20000 --patrons 5000 --loans 50000 --pairs 1000   # fresh SQLite file
    python -m bench.circulation --items 2000 --patrons 500 --loans 5000 --pairs 200        # small
    scripts/with-postgres.sh .venv/bin/python -m bench.circulation --pairs 1000             # PostgreSQL

County scale (issue 5) is --items 500000 --patrons 100000 --loans 2000000: building it takes long.
Results go to bench/results/circulation-<engine>-<items>.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import latency, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_PAIRS_PER_SECOND = 500
TARGET_P95_MS = 5.0


def main() -> None:
    args = parse_arguments()
    setup_django("circulation")
    from django.utils import timezone

    from bench.circulation import dataset

    dataset.require_empty()
    now = timezone.now()
    started = time.perf_counter()
    branch, desk, book, adult = dataset.setting()
    dataset.fill_items(args.items + args.heavy_loans, branch, book, now)
    dataset.fill_patrons(args.patrons + 1, branch, adult, now)
    dataset.fill_past_loans(args.loans, branch, desk, book, args.seed, now)
    fill_seconds = time.perf_counter() - started
    from shuyuan.catalog.models import Item
    from shuyuan.patrons.models import Patron

    # The services lock and read what they need by id; a desk would have resolved barcodes first.
    items = list(Item.objects.only("id").order_by("pk"))
    patrons = list(Patron.objects.only("id").order_by("pk"))
    heavy, readers = patrons[0], patrons[1:]
    dataset.give_loans(heavy, items[args.items :], branch, book, now)
    items = items[: args.items]
    dataset.analyze()
    gc.collect()
    gc.freeze()
    rng = random.Random(args.seed)
    ordinary = time_pairs(desk, [(rng.choice(items), rng.choice(readers)) for _ in range(args.pairs)])
    loaded = time_pairs(desk, [(rng.choice(items), heavy) for _ in range(args.pairs)])
    ceiling = time_ceiling(2 * args.pairs)
    results = report(
        args, fill_seconds, ordinary, loaded, ceiling, queries_per_checkout(desk, items, readers[0], heavy)
    )
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"circulation-{results['engine']}-{args.items}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=20_000, help="items in the database")
    parser.add_argument("--patrons", type=int, default=5_000, help="readers in the database")
    parser.add_argument("--loans", type=int, default=50_000, help="past (returned) loans in the database")
    parser.add_argument("--pairs", type=int, default=1_000, help="checkout + checkin pairs timed per phase")
    parser.add_argument("--heavy-loans", type=int, default=400, help="loans of the heavily borrowing reader")
    parser.add_argument("--seed", type=int, default=20160707)
    return parser.parse_args()


def time_pairs(desk: Any, pairs: list[tuple[Any, Any]], warmup: int = 20) -> dict[str, Any]:
    """Checkout then checkin of each (item, reader), one after another, as a busy desk would."""
    from django.utils import timezone

    from shuyuan.circulation import services

    def pair(item: Any, patron: Any) -> tuple[float, float]:
        started = time.perf_counter()
        services.checkout(item, patron, at=timezone.now(), by=None, service_point=desk, channel="kiosk")
        middle = time.perf_counter()
        services.checkin(item, at=timezone.now(), by=None, service_point=desk, channel="kiosk")
        return (middle - started) * 1000, (time.perf_counter() - middle) * 1000

    for item, patron in pairs[:warmup]:
        pair(item, patron)
    checkouts, checkins = [], []
    started, cpu = time.perf_counter(), time.process_time()
    for item, patron in pairs:
        out, back = pair(item, patron)
        checkouts.append(out)
        checkins.append(back)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "pairs": len(pairs),
        "pairs_per_second": round(len(pairs) / seconds, 1),
        # this process's CPU time per pair: the part of a pair the machine's load does not inflate
        "cpu_ms_per_pair": round(cpu / len(pairs) * 1000, 3),
        "checkout_ms": latency(checkouts),
        "checkin_ms": latency(checkins),
        "all_calls_ms": latency(checkouts + checkins),
    }


def time_ceiling(count: int) -> dict[str, Any]:
    """The database's own limit here: update one row and insert one, committed, ``count`` times."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        cursor.execute("CREATE TABLE bench_log (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, note VARCHAR(40))")
        cursor.execute("INSERT INTO bench_counter (id, n) VALUES (1, 0)")

    def one(n: int) -> float:
        started = time.perf_counter()
        with transaction.atomic(durable=True), connection.cursor() as cursor:
            cursor.execute("UPDATE bench_counter SET n = n + 1 WHERE id = 1")
            cursor.execute("INSERT INTO bench_log (id, n, note) VALUES (%s, %s, %s)", [n, n, "ceiling"])
        return (time.perf_counter() - started) * 1000

    durations = [one(n) for n in range(1, count + 1)]
    return {"transactions": count, "per_second": round(count / (sum(durations) / 1000), 1), "ms": latency(durations)}


def queries_per_checkout(desk: Any, items: list[Any], reader: Any, heavy: Any) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shuyuan.circulation import services

    counts = {}
    for name, patron, item in (("ordinary reader", reader, items[0]), ("reader with 400 loans", heavy, items[1])):
        with CaptureQueriesContext(connection) as captured:
            services.checkout(item, patron, at=timezone.now(), by=None, service_point=desk, channel="desk")
        services.checkin(item, at=timezone.now(), by=None, service_point=desk, channel="desk")
        counts[name] = len(captured.captured_queries)
    return counts


def report(
    args: argparse.Namespace,
    fill_seconds: float,
    ordinary: dict[str, Any],
    loaded: dict[str, Any],
    ceiling: dict[str, Any],
    queries: dict[str, int],
) -> dict[str, Any]:
    from django.db import connection

    calls_per_second = 2 * ordinary["pairs_per_second"]
    return {
        "benchmark": "circulation",
        "engine": connection.vendor,
        "settings": "WAL, synchronous=FULL, IMMEDIATE" if connection.vendor == "sqlite" else "the server's settings",
        "sizes": {
            "items": args.items,
            "patrons": args.patrons,
            "past_loans": args.loans,
            "heavy_reader_loans": args.heavy_loans,
        },
        "fill_seconds": round(fill_seconds, 1),
        "ordinary_reader": ordinary,
        "reader_with_400_loans": loaded,
        "queries_per_checkout": queries,
        "ceiling": ceiling,
        "share_of_ceiling": round(calls_per_second / ceiling["per_second"], 3),
        "targets": {"pairs_per_second": TARGET_PAIRS_PER_SECOND, "p95_ms": TARGET_P95_MS},
        "machine": machine(),
    }


def print_table(results: dict[str, Any]) -> None:
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("pairs/s", lambda r: f"{r['pairs_per_second']:.0f}"),
        (
            "checkout p50/p95/p99 ms",
            lambda r: "/".join(f"{r['checkout_ms'][p]:.2f}" for p in ("p50_ms", "p95_ms", "p99_ms")),
        ),
        (
            "checkin p50/p95/p99 ms",
            lambda r: "/".join(f"{r['checkin_ms'][p]:.2f}" for p in ("p50_ms", "p95_ms", "p99_ms")),
        ),
        ("any call p95 ms", lambda r: f"{r['all_calls_ms']['p95_ms']:.2f}"),
        ("CPU ms per pair (this process)", lambda r: f"{r['cpu_ms_per_pair']:.2f}"),
    ]
    sizes = results["sizes"]
    print(
        f"circulation on {results['engine']} ({results['settings']}): {sizes['items']} items, "
        f"{sizes['patrons']} readers, {sizes['past_loans']} past loans"
    )
    print(f"{'':32}{'ordinary reader':>20}{'reader with 400 loans':>24}")
    for label, cell in rows:
        print(f"{label:32}{cell(results['ordinary_reader']):>20}{cell(results['reader_with_400_loans']):>24}")
    queries = results["queries_per_checkout"]
    print(f"{'queries per checkout':32}{queries['ordinary reader']:>20}{queries['reader with 400 loans']:>24}")
    ceiling = results["ceiling"]
    print(
        f"raw ceiling (update 1 + insert 1): {ceiling['per_second']:.0f} tx/s, p95 {ceiling['ms']['p95_ms']:.2f} ms; "
        f"our service calls/s = {results['share_of_ceiling']:.0%} of it"
    )


if __name__ == "__main__":
    main()
