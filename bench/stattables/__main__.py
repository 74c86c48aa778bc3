"""``python -m bench.stattables``: a saved custom table over a year (target p95 < 200 ms) and the live
board's refresh (target p95 < 50 ms), each beside a bare ``GROUP BY`` / ``count(*)`` over the same rows
in the same run.

The history is the statistics benchmark's city-scale generator (``bench.stats.history``, ``--scale``)
when it is there, else a small one of our own (``--events``). The roll-ups are built up to yesterday
first (``stats_rollup``), as the nightly timer keeps them; today's figures come live from the rows."""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import engine_version, latency, machine

RESULTS = Path(__file__).resolve().parents[1] / "results"


def timed(fn: Any, repeat: int) -> tuple[dict[str, float], Any]:
    durations, answer = [], None
    fn()  # warm the statement cache and the page cache of the database
    for _ in range(repeat):
        started = time.perf_counter()
        answer = fn()
        durations.append((time.perf_counter() - started) * 1000)
    return latency(durations), answer


def make_history(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    from django.utils import timezone

    from bench.stats.history import existing_or_build

    if not args.own:
        # A database that holds the city already (bench.stats --build-only, kept file) is used as it is.
        history = existing_or_build(args.scale, days=args.days, last=timezone.localdate())
        info = {
            "generator": "bench.stats.history",
            "scale": args.scale,
            "counts": history.counts,
            "first": str(history.first),
            "last": str(history.last),
        }
    else:
        from bench.stattables.history import build

        small = build(events=args.events, branches=args.branches, days=args.days)
        info = {"generator": "bench.stattables.history", "counts": small.counts}
    info["seconds"] = round(time.perf_counter() - started, 1)
    return info


def bare_group_by(first: date, last: date) -> list[Any]:
    from django.db import connection
    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT branch_id, count(*) FROM circulation_circulationevent"
            " WHERE kind = %s AND at >= %s AND at < %s GROUP BY branch_id",
            ["checkout", start, end],
        )
        return cursor.fetchall()


def bare_today_count() -> int:
    from django.db import connection
    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM circulation_circulationevent WHERE kind IN (%s, %s) AND at >= %s",
            ["checkout", "checkin", start],
        )
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=0.1, help="city scale for bench.stats.history (1.0 = 10 M events)"
    )
    parser.add_argument("--events", type=int, default=300_000, help="events of our own small history")
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--days", type=int, default=400, help="days of our own small history, ending today")
    parser.add_argument("--own", action="store_true", help="use our own small history even if bench.stats is there")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    load_average = os.getloadavg()
    setup_django("stattables", test_client=True)

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from shuyuan.dashboards import queries
    from shuyuan.stats import rollups
    from shuyuan.stattables import spec as specs
    from shuyuan.stattables.models import SavedTable
    from shuyuan.stattables.tables import compute

    history = make_history(args)
    started = time.perf_counter()
    report = rollups.run(today=timezone.localdate())
    rollup_seconds = round(time.perf_counter() - started, 1)

    today = timezone.localdate()
    first, last = today - timedelta(days=365), today - timedelta(days=1)
    director = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", password="bench")
    saved = SavedTable.objects.create(
        name="一年各馆各月外借",
        owner=director,
        measure="loans",
        dimensions=["branch", "month"],
        period="custom",
        first=first,
        last=last,
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )

    def saved_table() -> Any:
        spec, branch = specs.checked_scope(specs.from_saved(saved, today=today), director)
        return compute(spec, branch=branch, today=today)

    client = Client()
    client.force_login(director)
    results: dict[str, Any] = {}
    results["saved_table_year"], table = timed(saved_table, args.repeat)
    results["saved_table_year_page"], _page = timed(lambda: client.get(f"/tables/{saved.pk}/"), args.repeat)
    results["bare_group_by_year"], bare = timed(lambda: bare_group_by(first, last), args.repeat)
    results["live_board"], board = timed(lambda: queries.board(None, now=timezone.now()), args.repeat)
    results["live_board_json"], _json = timed(lambda: client.get("/dashboards/live/data.json"), args.repeat)
    results["bare_count_today"], _count = timed(bare_today_count, args.repeat)
    checks = {
        "table_total": table.total[-1] if table.total else None,
        "bare_total": sum(n for _b, n in bare),
        "board_loans_today": board["loans"],
        "table_rows": len(table.rows),
    }
    out = {
        "benchmark": "stattables",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_at_start": load_average,
        "history": history,
        "rollup": {"seconds": rollup_seconds, "days_built": len(report.built), "cells": report.cells},
        "results": results,
        "ratios_p95": {
            "saved_table_to_bare_group_by": round(
                results["saved_table_year"]["p95_ms"] / max(results["bare_group_by_year"]["p95_ms"], 0.01), 2
            ),
            "live_board_to_bare_count": round(
                results["live_board"]["p95_ms"] / max(results["bare_count_today"]["p95_ms"], 0.01), 2
            ),
        },
        "checks": checks,
        "targets": {"saved_table_year_p95_ms": 200, "live_board_p95_ms": 50},
    }
    size = history.get("scale", history["counts"].get("events"))
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"stattables-{connection.vendor}-{size}.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str))
    print(f"history: {history}; roll-up {rollup_seconds} s")
    print(f"{'measure':28} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}")
    for name, figures in results.items():
        print(f"{name:28} {figures['p50_ms']:9.2f} {figures['p95_ms']:9.2f} {figures['p99_ms']:9.2f}")
    print(f"checks: {checks}")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
