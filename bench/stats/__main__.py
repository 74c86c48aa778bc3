"""Statistics benchmark on a city-scale history (bench.stats.history): the nightly roll-up of one day's
events (target under 10 s), and a year's figures read from the roll-ups beside the bare
``SELECT count(*) … GROUP BY`` over the same rows and beside the figures counted from the rows by the ORM,
in the same run.

    python -m bench.stats --scale 0.1                                  # a tenth of the city, fresh SQLite file
    # the city, built once niced and kept, then measured under the shared lock:
    DATABASE_URL=sqlite:////tmp/city/city-1.sqlite3 nice -n 19 python -m bench.stats --scale 1 --build-only
    DATABASE_URL=sqlite:////tmp/city/city-1.sqlite3 flock /tmp/bench.lock python -m bench.stats --scale 1
    scripts/with-postgres.sh .venv/bin/python -m bench.stats --scale 0.1

A database that already holds a history (from ``--build-only``) is used as it is; ``--build-only`` writes the
history and builds the roll-ups up to the day before its last day. The history ends today by default, so
that the live board (bench.stattables) has a today. The nightly roll-up is timed on the last complete day:
its cells are removed first and the events' mark set back below its first event, as if the night had not come
yet, so a kept file can be measured again.

Results go to bench/results/stats-<engine>-<scale>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import engine_version, latency, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_NIGHTLY_S = 10.0


def timed(call: Callable[[], Any], repeat: int) -> tuple[Any, dict[str, float]]:
    durations, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = call()
        durations.append((time.perf_counter() - started) * 1000)
    return answer, latency(durations)


def bare(sql: str, params: list[Any]) -> Callable[[], list[tuple[Any, ...]]]:
    from django.db import connection

    def run() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1, help="1.0: the issue's city (10 M events)")
    parser.add_argument("--days", type=int, default=730, help="days of history, ending --last")
    parser.add_argument("--last", type=date.fromisoformat, help="the history's last day (default: today)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions of each read")
    parser.add_argument("--build-only", action="store_true", help="write the history and its roll-ups, then stop")
    args = parser.parse_args()
    load_average = os.getloadavg()
    setup_django("stats")
    from django.db import connection
    from django.db.models import Min
    from django.utils import timezone

    from bench.stats.history import existing_or_build
    from shuyuan.circulation.models import CirculationEvent
    from shuyuan.stats import figures, rollups
    from shuyuan.stats.figures import Period
    from shuyuan.stats.models import DailyCount, RollupState
    from shuyuan.stats.sources import bounds

    history = existing_or_build(args.scale, days=args.days, last=args.last or timezone.localdate())
    print(f"history: {history.counts} ({history.seconds or 'kept'} s)", flush=True)
    last = history.last
    started = time.perf_counter()
    initial = rollups.run(today=last)  # every day but the last, unless a kept file has them already
    initial_s = time.perf_counter() - started
    if initial.built:
        print(f"initial roll-up: {len(initial.built)} days, {initial.cells} cells in {initial_s:.1f} s", flush=True)
        (RESULTS / f"stats-initial-rollup-{connection.vendor}-{args.scale:g}.json").write_text(
            json.dumps(
                {
                    "days": len(initial.built),
                    "cells": initial.cells,
                    "seconds": round(initial_s, 2),
                    "load_average": load_average,
                    "history_seconds": history.seconds,
                    "counts": history.counts,
                },
                indent=2,
            )
            + "\n"
        )
    if args.build_only:
        return
    night = last - timedelta(days=1)
    DailyCount.objects.filter(day=night).delete()
    # As the night before left it: built through the day before, the events' mark below the night's first
    # event, so that the run reads the night's new ids (for the days they touch and, on PostgreSQL, for holes).
    night_start, _ = bounds(night, night)
    first_id = CirculationEvent.objects.filter(at__gte=night_start).aggregate(m=Min("pk"))["m"]
    kept = RollupState.objects.get()
    if first_id is not None:
        kept.seen = {**kept.seen, "circulation": min(kept.seen.get("circulation", 0), first_id - 1)}
    RollupState.objects.filter(pk=kept.pk).update(built_through=night - timedelta(days=1), seen=kept.seen, holes={})
    started = time.perf_counter()
    nightly = rollups.run(today=last)  # the last complete day: one night's work
    nightly_s = time.perf_counter() - started
    year = Period(last - timedelta(days=365), last - timedelta(days=1))
    start, end = bounds(year.first, year.last)
    adapt = connection.ops.adapt_datetimefield_value
    window = [adapt(start), adapt(end)]
    month = (
        "strftime('%%Y-%%m', at, '+8 hours')"
        if connection.vendor == "sqlite"
        else "to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    )
    table = "circulation_circulationevent"
    reads: dict[str, dict[str, Any]] = {}
    for name, rolled, plain in (
        (
            "loans in a year",
            lambda: figures.value("loans", year),
            bare(f"SELECT count(*) FROM {table} WHERE kind = 'checkout' AND at >= %s AND at < %s", window),
        ),
        (
            "loans by branch and month",
            lambda: figures.breakdown("loans", year, ["branch", "month"]),
            bare(
                f"SELECT branch_id, {month}, count(*) FROM {table} WHERE kind = 'checkout' AND at >= %s AND at < %s "
                f"GROUP BY branch_id, {month}",
                window,
            ),
        ),
        (
            "loans and returns by service point and hour",
            lambda: figures.breakdown("loans_and_returns", year, ["service_point", "hour"]),
            bare(
                f"SELECT service_point_id, count(*) FROM {table} WHERE kind IN ('checkout', 'checkin') "
                "AND at >= %s AND at < %s GROUP BY service_point_id",
                window,
            ),
        ),
    ):
        answer, from_rollups = timed(rolled, args.repeat)
        bare_answer, bare_sql = timed(plain, args.repeat)
        reads[name] = {
            "rollups": from_rollups,
            "bare_group_by": bare_sql,
            "ratio_p50": round(from_rollups["p50_ms"] / bare_sql["p50_ms"], 3) if bare_sql["p50_ms"] else None,
            "rows": len(answer) if isinstance(answer, list) else answer,
            "bare_rows": len(bare_answer),
        }
    measure = figures.MEASURES["loans"]
    live_answer, live = timed(lambda: figures.live_counts(measure, year, (), branch=None, filters={}), 1)
    reads["loans in a year"]["orm_from_rows"] = live
    assert live_answer.get((), 0) == figures.value("loans", year), "roll-ups and rows disagree"
    results = {
        "benchmark": "stats",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "machine": machine(),
        "scale": args.scale,
        "load_average_at_start": load_average,
        "history": {
            "counts": history.counts,
            "seconds": history.seconds,
            "first": str(history.first),
            "last": str(last),
        },
        "initial_rollup": (
            {"days": len(initial.built), "cells": initial.cells, "seconds": round(initial_s, 2)}
            if initial.built
            else "built before (bench/results/stats-initial-rollup-*.json)"
        ),
        "nightly_rollup": {
            "days": len(nightly.built) + len(nightly.rebuilt),
            "cells": nightly.cells,
            "seconds": round(nightly_s, 3),
            "target_seconds": TARGET_NIGHTLY_S,
            "meets_target": nightly_s < TARGET_NIGHTLY_S,
        },
        "reads": reads,
    }
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"stats-{results['engine']}-{args.scale:g}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n")
    print(f"written to {path}")


def print_table(results: dict[str, Any]) -> None:
    print(
        f"\nstatistics on {results['engine']} {results['engine_version']}, scale {results['scale']:g}:",
        results["history"]["counts"],
    )
    nightly = results["nightly_rollup"]
    initial = results["initial_rollup"]
    if isinstance(initial, dict):
        print(
            f"{'initial roll-up':48} {initial['seconds']:>10.2f} s  ({initial['days']} days, {initial['cells']} cells)"
        )
    print(
        f"{'nightly roll-up of one day':48} {nightly['seconds']:>10.3f} s  (target < {nightly['target_seconds']:g} s)"
    )
    print(f"{'read (p50 ms)':48} {'roll-ups':>10} {'bare SQL':>10} {'ratio':>7}")
    for name, read in results["reads"].items():
        print(
            f"{name:48} {read['rollups']['p50_ms']:>10.2f} {read['bare_group_by']['p50_ms']:>10.2f}",
            f"{read['ratio_p50']:>7}",
        )
    orm = results["reads"]["loans in a year"].get("orm_from_rows")
    if orm:
        print(f"{'loans in a year, ORM count from the rows':48} {orm['p50_ms']:>10.2f}")


if __name__ == "__main__":
    main()
