"""Circulation benchmark: checkout + checkin pairs per second through the service layer, per-call
p50/p95/p99, the same for a reader who already holds 400 loans, and the raw ceiling of the database
(a minimal transaction that updates one row and inserts one, same connection settings).

    python -m bench.circulation --items 20000 --patrons 5000 --loans 50000 --pairs 1000   # fresh SQLite file
    python -m bench.circulation --items 2000 --patrons 500 --loans 5000 --pairs 200        # small
    scripts/with-postgres.sh .venv/bin/python -m bench.circulation --pairs 1000             # PostgreSQL

County scale (issue 5) is --items 500000 --patrons 100000 --loans 2000000: building it takes long, so
build it once (niced, outside the benchmark lock) and measure it as often as needed:

    PG_DIR=/tmp/pgcity nice -n 19 scripts/with-postgres.sh .venv/bin/python -m bench.circulation \
        --items 500000 --patrons 100000 --loans 2000000 --build-only
    PG_DIR=/tmp/pgcity PG_FSYNC=on flock /tmp/bench.lock scripts/with-postgres.sh \
        .venv/bin/python -m bench.circulation --reuse --pairs 2000 --processes 4

``--processes N`` runs the ordinary readers' pairs in N processes at once (each with its own
connection, items and readers), as several stateless web or SIP2 processes would; the reader with
400 loans and the ceiling stay in one process. Results go to
bench/results/circulation-<engine>-<items>[-<N>p].json (or ``--output``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import latency, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
LOAD_AT_START = [round(n, 2) for n in os.getloadavg()]
TARGET_PAIRS_PER_SECOND = 500
TARGET_P95_MS = 5.0


def main() -> None:
    args = parse_arguments()
    setup_django("circulation")
    from django.utils import timezone

    from bench.circulation import dataset

    now = timezone.now()
    started = time.perf_counter()
    if args.reuse:
        branch, desk, book, adult = dataset.built()
    else:
        dataset.require_empty()
        branch, desk, book, adult = dataset.setting()
        dataset.fill_items(args.items + args.heavy_loans, branch, book, now)
        dataset.fill_patrons(args.patrons + 1, branch, adult, now)
        dataset.fill_past_loans(args.loans, branch, desk, book, args.seed, now)
    fill_seconds = time.perf_counter() - started
    from shuyuan.catalog.models import Item
    from shuyuan.patrons.models import Patron

    # The services lock and read what they need by id; a desk would have resolved barcodes first.
    patrons = list(Patron.objects.only("id").order_by("pk"))
    heavy, readers = patrons[0], patrons[1:]
    if not args.reuse:
        extra = list(Item.objects.only("id").order_by("-pk")[: args.heavy_loans])
        dataset.give_loans(heavy, extra, branch, book, now)
        dataset.analyze()
    if args.build_only:
        print(f"built in {fill_seconds:.0f} s: {sizes(heavy)}")
        return
    items = list(Item.objects.only("id").filter(status=Item.Status.ON_SHELF).order_by("pk"))
    gc.collect()
    gc.freeze()
    rng = random.Random(args.seed)
    if args.processes > 1:
        ordinary = time_pairs_in_processes(desk, items, readers, args)
    else:
        ordinary = time_pairs(desk, [(rng.choice(items), rng.choice(readers)) for _ in range(args.pairs)])
    loaded = time_pairs(desk, [(rng.choice(items), heavy) for _ in range(args.pairs)])
    ceiling = time_ceiling(2 * args.pairs)
    statements = statements_per_act(desk, items, readers[0], heavy)
    results = report(args, fill_seconds, sizes(heavy), ordinary, loaded, ceiling, statements)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    suffix = f"-{args.processes}p" if args.processes > 1 else ""
    path = Path(args.output) if args.output else RESULTS / f"circulation-{results['engine']}-{len(items)}{suffix}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def sizes(heavy: Any) -> dict[str, int]:
    """What the database holds (a reused one has the loans of the runs before, too)."""
    from shuyuan.catalog.models import Item
    from shuyuan.circulation.models import Loan
    from shuyuan.patrons.models import Patron

    held = Loan.objects.filter(patron=heavy, status=Loan.Status.OPEN).count()
    return {
        "items": Item.objects.count() - held,
        "patrons": Patron.objects.count() - 1,
        "past_loans": Loan.objects.filter(status=Loan.Status.RETURNED).count(),
        "heavy_reader_loans": held,
    }


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=20_000, help="items in the database")
    parser.add_argument("--patrons", type=int, default=5_000, help="readers in the database")
    parser.add_argument("--loans", type=int, default=50_000, help="past (returned) loans in the database")
    parser.add_argument("--pairs", type=int, default=1_000, help="checkout + checkin pairs timed per phase")
    parser.add_argument("--heavy-loans", type=int, default=400, help="loans of the heavily borrowing reader")
    parser.add_argument("--seed", type=int, default=20160707)
    parser.add_argument("--build-only", action="store_true", help="fill the database and stop (see --reuse)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database built before (--build-only); sizes are its own"
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="processes lending at once for the ordinary readers (default 1)"
    )
    parser.add_argument("--output", default="", help="write the JSON results here")
    return parser.parse_args()


def timed_pair(desk: Any) -> Callable[[Any, Any], tuple[float, float]]:
    from django.utils import timezone

    from shuyuan.circulation import services

    def pair(item: Any, patron: Any) -> tuple[float, float]:
        started = time.perf_counter()
        services.checkout(item, patron, at=timezone.now(), by=None, service_point=desk, channel="kiosk")
        middle = time.perf_counter()
        services.checkin(item, at=timezone.now(), by=None, service_point=desk, channel="kiosk")
        return (middle - started) * 1000, (time.perf_counter() - middle) * 1000

    return pair


def time_pairs(desk: Any, pairs: list[tuple[Any, Any]], warmup: int = 20) -> dict[str, Any]:
    """Checkout then checkin of each (item, reader), one after another, as a busy desk would."""
    pair = timed_pair(desk)
    for item, patron in pairs[:warmup]:
        pair(item, patron)
    server = server_cpu_seconds()
    seconds, cpu, checkouts, checkins = lend(pair, pairs)
    return summary(len(pairs), seconds, cpu, server_cpu_seconds() - server, checkouts, checkins)


def lend(
    pair: Callable[[Any, Any], tuple[float, float]], pairs: list[tuple[Any, Any]]
) -> tuple[float, float, list[float], list[float]]:
    """Each pair lent and taken back in turn: (seconds, CPU seconds, checkout ms, checkin ms)."""
    checkouts, checkins = [], []
    started, cpu = time.perf_counter(), time.process_time()
    for item, patron in pairs:
        out, back = pair(item, patron)
        checkouts.append(out)
        checkins.append(back)
    return time.perf_counter() - started, time.process_time() - cpu, checkouts, checkins


def summary(
    pairs: int, seconds: float, cpu: float, server: float, checkouts: list[float], checkins: list[float]
) -> dict[str, Any]:
    return {
        "pairs": pairs,
        "pairs_per_second": round(pairs / seconds, 1),
        # the client's CPU time per pair: the part of a pair the machine's load does not inflate
        "cpu_ms_per_pair": round(cpu / pairs * 1000, 3),
        # PostgreSQL's processes (backends, WAL writer, checkpointer): none for SQLite, which runs in the client
        "server_cpu_ms_per_pair": round(server / pairs * 1000, 3),
        "checkout_ms": latency(checkouts),
        "checkin_ms": latency(checkins),
        "all_calls_ms": latency(checkouts + checkins),
    }


def time_pairs_in_processes(
    desk: Any, items: list[Any], readers: list[Any], args: argparse.Namespace
) -> dict[str, Any]:
    """``args.pairs`` pairs shared by ``args.processes`` forked processes, each with its own connection,
    its own items and readers (no two desks lend the same copy), all starting together."""
    from django.db import connections

    count = args.processes
    connections.close_all()  # each child opens its own
    context = multiprocessing.get_context("fork")
    start, finish = context.Barrier(count + 1), context.Barrier(count + 1)
    answers = context.SimpleQueue()
    children = [
        context.Process(
            target=lend_in_child, args=(desk, items[k::count], readers[k::count], args, k, (start, finish), answers)
        )
        for k in range(count)
    ]
    for child in children:
        child.start()
    start.wait()
    server = server_cpu_seconds()
    started = time.perf_counter()
    results = [answers.get() for _child in children]
    seconds = time.perf_counter() - started
    server = server_cpu_seconds() - server
    with contextlib.suppress(threading.BrokenBarrierError):  # a child failed: reported below
        finish.wait()  # the children's connections (whose CPU was just counted) close only now
    for child in children:
        child.join()
    failed = [r for r in results if "error" in r]
    if failed:
        raise SystemExit(f"a lending process failed: {failed[0]['error']}")
    checkouts = [ms for r in results for ms in r["checkouts"]]
    checkins = [ms for r in results for ms in r["checkins"]]
    total = sum(r["pairs"] for r in results)
    report = summary(total, seconds, sum(r["cpu"] for r in results), server, checkouts, checkins)
    report["processes"] = count
    report["pairs_per_second_each"] = [round(r["pairs"] / r["seconds"], 1) for r in results]
    return report


def lend_in_child(
    desk: Any,
    items: list[Any],
    readers: list[Any],
    args: argparse.Namespace,
    number: int,
    barriers: tuple[Any, Any],
    answers: Any,
) -> None:
    from django.db import connections

    start, finish = barriers
    rng = random.Random(args.seed + number)
    pairs = [(rng.choice(items), rng.choice(readers)) for _ in range(args.pairs // args.processes)]
    pair = timed_pair(desk)
    answer: dict[str, Any]
    try:
        for item, patron in pairs[:20]:
            pair(item, patron)
        start.wait()
        seconds, cpu, checkouts, checkins = lend(pair, pairs)
        answer = {"pairs": len(pairs), "seconds": seconds, "cpu": cpu, "checkouts": checkouts, "checkins": checkins}
    except BaseException as error:  # the parent must hear of it, or it waits for ever
        start.abort()
        finish.abort()
        answer = {"error": repr(error)}
    answers.put(answer)
    if "error" not in answer:
        finish.wait()
    connections.close_all()
    os._exit(0)


def server_cpu_seconds() -> float:
    """CPU time (user + system) of this PostgreSQL cluster's processes (its postmaster's children:
    backends, WAL writer, checkpointer; other clusters on the machine are not counted), 0 on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    postmaster = parent_of(backend)
    ticks = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and parent_of(int(entry.name)) == postmaster:
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def parent_of(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def time_ceiling(count: int) -> dict[str, Any]:
    """The database's own limit here: update one row and insert one, committed, ``count`` times."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_counter")
        cursor.execute("DROP TABLE IF EXISTS bench_log")
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


def statements_per_act(desk: Any, items: list[Any], reader: Any, heavy: Any) -> dict[str, int]:
    """SQL statements a checkout and a checkin send (each commit counts too: on PostgreSQL it is a round trip)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shuyuan.circulation import services

    counts = {}
    for name, patron, item in (("ordinary reader", reader, items[0]), ("reader with 400 loans", heavy, items[1])):
        with CaptureQueriesContext(connection) as captured:
            services.checkout(item, patron, at=timezone.now(), by=None, service_point=desk, channel="desk")
        counts[name] = len(captured.captured_queries)
        with CaptureQueriesContext(connection) as captured:
            services.checkin(item, at=timezone.now(), by=None, service_point=desk, channel="desk")
        counts[f"checkin ({name})"] = len(captured.captured_queries)
    return counts


def report(
    args: argparse.Namespace,
    fill_seconds: float,
    held: dict[str, int],
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
        "server_settings": server_settings(),
        "sizes": held,
        "reused_database": args.reuse,
        "processes": args.processes,
        "fill_seconds": None if args.reuse else round(fill_seconds, 1),
        "load_average_at_start": LOAD_AT_START,
        "ordinary_reader": ordinary,
        "reader_with_400_loans": loaded,
        "statements_per_act": queries,
        "ceiling": ceiling,
        "share_of_ceiling": round(calls_per_second / ceiling["per_second"], 3),
        "targets": {"pairs_per_second": TARGET_PAIRS_PER_SECOND, "p95_ms": TARGET_P95_MS},
        "machine": machine(),
    }


def server_settings() -> dict[str, str]:
    """The PostgreSQL settings a commit's cost depends on (empty on SQLite: see ``settings``)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    names = ("server_version", "fsync", "synchronous_commit", "wal_sync_method", "commit_delay", "commit_siblings")
    with connection.cursor() as cursor:
        found = {}
        for name in names:
            cursor.execute(f"SHOW {name}")
            found[name] = str(cursor.fetchone()[0])
    prepare = connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold")
    found["prepare_threshold (psycopg)"] = str(prepare)
    found["CONN_MAX_AGE"] = str(connection.settings_dict.get("CONN_MAX_AGE"))
    return found


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
        ("CPU ms per pair (client)", lambda r: f"{r['cpu_ms_per_pair']:.2f}"),
        ("CPU ms per pair (server)", lambda r: f"{r['server_cpu_ms_per_pair']:.2f}"),
    ]
    sizes = results["sizes"]
    print(
        f"circulation on {results['engine']} ({results['settings']}): {sizes['items']} items, "
        f"{sizes['patrons']} readers, {sizes['past_loans']} past loans; {results['processes']} process(es) "
        f"for the ordinary readers; load average at start {results['load_average_at_start']}"
    )
    print(f"{'':32}{'ordinary reader':>20}{'reader with 400 loans':>24}")
    for label, cell in rows:
        print(f"{label:32}{cell(results['ordinary_reader']):>20}{cell(results['reader_with_400_loans']):>24}")
    statements = results["statements_per_act"]
    for act, key in (("checkout", "{}"), ("checkin", "checkin ({})")):
        counts = [statements[key.format(name)] for name in ("ordinary reader", "reader with 400 loans")]
        print(f"{'statements per ' + act:32}{counts[0]:>20}{counts[1]:>24}")
    ceiling = results["ceiling"]
    print(
        f"raw ceiling (update 1 + insert 1): {ceiling['per_second']:.0f} tx/s, p95 {ceiling['ms']['p95_ms']:.2f} ms; "
        f"our service calls/s = {results['share_of_ceiling']:.0%} of it"
    )


if __name__ == "__main__":
    main()
