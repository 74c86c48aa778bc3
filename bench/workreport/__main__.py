"""Work-report benchmark: the half-year report (the .docx, the .pdf and the .xlsx, with their charts) on a
city-scale history (``bench.stats.history``, the statistics' roll-ups built as the nightly job leaves them),
beside a bare ``SELECT count(*) … GROUP BY`` over the same half-year's circulation events, in the same run.

    python -m bench.workreport --scale 0.1        # a tenth of the city, fresh SQLite file
    # the city kept by ``bench.stats --build-only`` (its last day today), measured under the shared lock:
    DATABASE_URL=sqlite:////tmp/city/city-1.sqlite3 flock /tmp/bench.lock python -m bench.workreport --scale 1
    scripts/with-postgres.sh .venv/bin/python -m bench.workreport --scale 0.1

Target: the report under 3 s on SQLite (aiming for 1 s). The first report of a process also loads the
CJK font and builds the default template (``cold``); the others are what the staff page costs
(``warm``). Results go to bench/results/workreport-<engine>-<scale>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import engine_version, latency, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_S, AIM_S = 3.0, 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1, help="1.0: the issue's city (10 M events)")
    parser.add_argument("--days", type=int, default=730, help="days of history, ending --last")
    parser.add_argument("--last", type=date.fromisoformat, help="the history's last day (default: today)")
    parser.add_argument("--repeat", type=int, default=5, help="timed reports after the first")
    parser.add_argument(
        "--existing",
        metavar="YEAR",
        type=int,
        help="use the database of DATABASE_URL as it is (a demo, its roll-ups built) for YEAR's first half",
    )
    args = parser.parse_args()
    load_average = os.getloadavg()
    setup_django("workreport")
    from django.db import connection
    from django.utils import timezone, translation

    from bench.stats.history import existing_or_build
    from shuyuan.stats import rollups
    from shuyuan.stats.figures import Period
    from shuyuan.stats.sources import bounds
    from shuyuan.workreport import documents

    if args.existing:
        history: Any = None
        rollup_s = 0.0
        half = Period(date(args.existing, 1, 1), date(args.existing, 6, 30))
    else:
        history = existing_or_build(args.scale, days=args.days, last=args.last or timezone.localdate())
        print(f"history: {history.counts} ({history.seconds or 'kept'} s)", flush=True)
        started = time.perf_counter()
        rollups.run(today=history.last)  # up to the day before the last, as the nightly job leaves them
        rollup_s = time.perf_counter() - started
        half = Period(date(history.last.year, 1, 1), date(history.last.year, 6, 30))
    start, end = bounds(half.first, half.last)
    adapt = connection.ops.adapt_datetimefield_value
    month = (
        "strftime('%%Y-%%m', at, '+8 hours')"
        if connection.vendor == "sqlite"
        else "to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    )
    sql = (
        f"SELECT kind, {month}, count(*) FROM circulation_circulationevent WHERE at >= %s AND at < %s "
        f"GROUP BY kind, {month}"
    )

    def bare() -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, [adapt(start), adapt(end)])
            return sum(row[2] for row in cursor.fetchall())

    with translation.override("zh-hans"):
        started = time.perf_counter()
        files = documents.make(half)
        cold_ms = (time.perf_counter() - started) * 1000
        warm, bare_ms, sizes = [], [], {}
        for _ in range(args.repeat):
            started = time.perf_counter()
            files = documents.make(half)
            warm.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            events = bare()
            bare_ms.append((time.perf_counter() - started) * 1000)
        sizes = {"docx": len(files.docx), "pdf": len(files.pdf), "xlsx": len(files.xlsx)}
    report, group_by = latency(warm), latency(bare_ms)
    content = files.content
    results = {
        "benchmark": "workreport",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "machine": machine(),
        "load_average_at_start": load_average,
        "scale": "existing" if args.existing else args.scale,
        "history": (
            {"counts": history.counts, "first": str(history.first), "last": str(history.last)}
            if history
            else {"database": "as given (DATABASE_URL)"}
        ),
        "rollup_seconds": round(rollup_s, 2),
        "period": str(half),
        "events_in_period": events,
        "report_cold_ms": round(cold_ms, 1),
        "report_warm": report,
        "bare_group_by": group_by,
        "ratio_p50": round(report["p50_ms"] / group_by["p50_ms"], 2) if group_by["p50_ms"] else None,
        "target_seconds": TARGET_S,
        "meets_target": report["p50_ms"] / 1000 < TARGET_S,
        "meets_aim": report["p50_ms"] / 1000 < AIM_S,
        "files_bytes": sizes,
        "figures": {
            "loans": content.loans,
            "returns": content.returns,
            "visits": content.visits,
            "new_readers": content.new_readers,
            "activities": len(content.activities),
        },
    }
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    size = "demo" if args.existing else f"{args.scale:g}"
    path = RESULTS / f"workreport-{results['engine']}-{size}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n")
    print(f"written to {path}")


def print_table(results: dict[str, Any]) -> None:
    print(
        f"\nwork report on {results['engine']} {results['engine_version']}, scale {results['scale']}, "
        f"{results['period']}: {results['events_in_period']} circulation events in the half-year"
    )
    warm, bare = results["report_warm"], results["bare_group_by"]
    print(f"{'half-year report, 3 files (first, cold)':44} {results['report_cold_ms']:>10.1f} ms")
    print(f"{'half-year report, 3 files (p50 / p95)':44} {warm['p50_ms']:>10.1f} / {warm['p95_ms']:.1f} ms")
    print(f"{'bare SELECT count(*) … GROUP BY (p50)':44} {bare['p50_ms']:>10.1f} ms")
    print(f"{'ratio report / bare GROUP BY':44} {results['ratio_p50']:>10}")
    print(f"{'target < 3 s, aim < 1 s':44} {results['meets_target']!s:>10} / {results['meets_aim']}")


if __name__ == "__main__":
    main()
