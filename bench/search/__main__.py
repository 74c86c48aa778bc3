"""Search benchmark: p50/p95/p99 of catalogue searches at a given number of records.

    python -m bench.search --records 5000                  # fresh SQLite file (WAL, synchronous=FULL)
    scripts/with-postgres.sh .venv/bin/python -m bench.search --records 5000     # PostgreSQL

It makes the records and items (bench/search/generator.py) with bulk inserts, builds the index
(timed: records per second), then times each kind of query: titles of 1, 2, 3 and 5 characters,
full pinyin, initials, ISBN look-ups (in the form people type them), and a query with two facet
filters. Every search asks for the first page of 20 and the facet counts, as the staff page does,
and loads the page's records. Results go to bench/results/search-<engine>-<records>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_P95_MS = 20.0


def main() -> None:
    args = parse_arguments()
    setup_django(args)
    from bench.search import dataset

    started = time.perf_counter()
    created = dataset.fill(args.records, seed=args.seed)
    fill_seconds = time.perf_counter() - started
    index_rate = dataset.index_all()
    kinds = dataset.query_sets(args.queries, seed=args.seed)
    timings = {name: time_queries(queries, args.warmup) for name, queries in kinds.items()}
    results = report(args, created, fill_seconds, index_rate, timings)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"search-{results['engine']}-{args.records}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=5000, help="number of records (items: about 1.8 each)")
    parser.add_argument("--queries", type=int, default=100, help="queries timed per kind")
    parser.add_argument("--warmup", type=int, default=10, help="untimed queries per kind before timing")
    parser.add_argument("--seed", type=int, default=20160707)
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> None:
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ.setdefault("SHUYUAN_VAR", str(folder / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    os.environ.setdefault("SHUYUAN_LOG_LEVEL", "WARNING")
    import django

    from bench.search import dataset

    dataset.create_database_if_missing()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    dataset.require_empty()


def time_queries(queries: list[Callable[[], Any]], warmup: int) -> dict[str, float]:
    for query in queries[:warmup]:
        query()
    durations = []
    for query in queries:
        started = time.perf_counter()
        query()
        durations.append((time.perf_counter() - started) * 1000)
    return summarize(durations)


def summarize(durations: list[float]) -> dict[str, float]:
    ordered = sorted(durations)

    def percentile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)

    return {
        "n": len(ordered),
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "mean_ms": round(statistics.fmean(ordered), 2),
        "max_ms": round(ordered[-1], 2),
    }


def report(
    args: argparse.Namespace,
    created: dict[str, int],
    fill_seconds: float,
    index_rate: dict[str, float],
    timings: dict[str, dict[str, float]],
) -> dict[str, Any]:
    from django.db import connection

    return {
        "benchmark": "search",
        "engine": connection.vendor,
        "engine_version": _engine_version(connection),
        "records": created["records"],
        "items": created["items"],
        "fill_seconds": round(fill_seconds, 1),
        "index": index_rate,
        "target_p95_ms": TARGET_P95_MS,
        "queries": timings,
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seed": args.seed,
    }


def _engine_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


def print_table(results: dict[str, Any]) -> None:
    print(
        f"search on {results['engine']} {results['engine_version']}: {results['records']} records, "
        f"{results['items']} items; index built at {results['index']['records_per_second']:.0f} records/s"
    )
    print(f"{'query':<16}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  p95 < {TARGET_P95_MS:g} ms")
    for name, row in results["queries"].items():
        verdict = "yes" if row["p95_ms"] < TARGET_P95_MS else "NO"
        print(
            f"{name:<16}{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}{row['p99_ms']:>9.2f}{row['max_ms']:>9.2f}  {verdict}"
        )


if __name__ == "__main__":
    random.seed(0)
    main()
