"""``python -m bench.visits``: people-counter posts through the API against ``shuyuan serve`` over
HTTP (``wrk``, with /api/health measured in the same run as the baseline), their idempotency on
resubmission, and the import of a year of people-counter CSV for 20 gates at 15-minute intervals."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.django_setup import ensure_postgres_database
from bench.report import machine
from bench.serve.__main__ import start_shuyuan_serve, wrk

RESULTS = Path(__file__).resolve().parents[1] / "results"
SCRIPT = Path(__file__).with_name("posts.lua")
SETUP = """
import django; django.setup()
from shuyuan.branches.models import Branch, Library, ServicePoint
from shuyuan.devices import services
from shuyuan.devices.models import Device
from django.utils import timezone
library = Library.objects.create(code="BENCH", name="基准图书馆")
branch = Branch.objects.create(library=library, code="BN01", name="总馆")
point = ServicePoint.objects.create(branch=branch, code="BN01-DESK", name="外借处", kind="lending_desk")
device, key = services.add(kind=Device.Kind.PEOPLE_COUNTER, name="大门计数器", branch=branch, service_point=point,
                           at=timezone.now(), by=None)
print(key)
"""
COUNT_ROWS = (
    "import django; django.setup()\nfrom shuyuan.visits.models import VisitCount\nprint(VisitCount.objects.count())"
)


def run_wrk(url: str, *, seconds: int, connections: int, env: dict[str, str], script: bool) -> dict[str, float]:
    if not script:
        return wrk(url, "none", seconds=seconds, connections=connections)
    old = os.environ.copy()
    os.environ.update(env)
    try:
        return wrk_script(url, seconds=seconds, connections=connections)
    finally:
        os.environ.clear()
        os.environ.update(old)


def wrk_script(url: str, *, seconds: int, connections: int) -> dict[str, float]:
    import re

    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(SCRIPT), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return round(float(found.group(1)) * unit[found.group(2)], 2) if found else float("nan")

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "requests": int(total.group(1)) if total else 0,
        "p50_ms": ms("50"),
        "p90_ms": ms("90"),
        "p99_ms": ms("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def rows(env: dict[str, str]) -> int:
    return int(
        subprocess.run([sys.executable, "-c", COUNT_ROWS], env=env, check=True, capture_output=True, text=True).stdout
    )


def api_posts(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    key = (
        subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    server, port = start_shuyuan_serve(env, workers=args.workers, threads=args.threads)
    try:
        base = f"http://127.0.0.1:{port}"
        wrk(f"{base}/api/health", "none", seconds=2, connections=args.connections)  # warm up
        health = wrk(f"{base}/api/health", "none", seconds=args.seconds, connections=args.connections)
        posts = run_wrk(
            f"{base}/api/visits/counts",
            seconds=args.seconds,
            connections=args.connections,
            env={"BENCH_KEY": key, "REPLAY": "0"},
            script=True,
        )
        paced = run_wrk(
            f"{base}/api/visits/counts",
            seconds=args.seconds,
            connections=args.paced_connections,
            env={"BENCH_KEY": key, "REPLAY": "0", "RATE": str(args.rate), "WRK_THREADS": "2"},
            script=True,
        )
        paced["offered_per_s"] = args.rate
        stored = rows(env)
        resent = run_wrk(
            f"{base}/api/visits/counts",
            seconds=max(3, args.seconds // 2),
            connections=args.connections,
            env={"BENCH_KEY": key, "REPLAY": "400"},
            script=True,
        )
        after = rows(env)
    finally:
        server.terminate()
        server.wait(20)
    return {
        "health": health,
        "posts": posts,
        "paced_posts": paced,
        "rows_after_posts": stored,
        "resubmissions": resent,
        "rows_after_resubmissions": after,
        "idempotent": stored == after,
    }


def csv_import(env: dict[str, str], gates: int) -> dict[str, Any]:
    code = f"""
import django, time; django.setup()
from datetime import datetime, timedelta
from django.utils import timezone
from shuyuan.branches.models import ServicePoint
from shuyuan.visits import services
from shuyuan.visits.models import CounterModel, VisitCount
point = ServicePoint.objects.get(code="BN01-DESK")
point = ServicePoint.objects.create(branch=point.branch, code="BN01-KIDS", name="少儿阅览室", kind="childrens_room")
model = CounterModel.objects.create(name="bench", gate_column="gate", start_column="start", count_column="in")
lines = ["gate,start,in"]
start = datetime(2016, 1, 1)
for g in range({gates}):
    t = start
    while t.year == 2016:
        lines.append(f"G{{g}},{{t:%Y-%m-%d %H:%M}},{{(g + t.hour) % 9}}")
        t += timedelta(minutes=15)
text = "\\n".join(lines) + "\\n"
began = time.perf_counter()
batch = services.import_counter_file(text, counter_model=model, service_point=point, file_name="year.csv",
                                     at=timezone.now(), by=None)
took = time.perf_counter() - began
# Baselines in the same run: reading the file with the csv module alone, and reading and checking
# every line (rules.parse_counter_file, no database): what any way of storing the counts must do.
import csv, io
from shuyuan.visits import rules
began = time.perf_counter()
read = sum(1 for _row in csv.reader(io.StringIO(text)))
csv_s = time.perf_counter() - began
now = timezone.localtime().replace(tzinfo=None)
began = time.perf_counter()
rules.parse_counter_file(text, services.mapping_of(model), now=now)
parse_s = time.perf_counter() - began
print(batch.lines, VisitCount.objects.filter(counter_import=batch).count(), round(took, 3), round(csv_s, 3),
      round(parse_s, 3), sum(VisitCount.objects.filter(counter_import=batch).values_list("count", flat=True)),
      sum((g + h) % 9 for g in range({gates}) for h in range(24)) * 4 * 366)
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    lines, stored, seconds, csv_s, parse_s, people, expected = out.split()
    return {
        "gates": gates,
        "lines": int(lines),
        "rows_stored": int(stored),
        "people_stored": int(people),
        "people_in_file": int(expected),
        "seconds": float(seconds),
        "baseline_csv_reader_s": float(csv_s),
        "baseline_parse_s": float(parse_s),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--rate", type=int, default=500, help="posts per second offered in the paced run")
    parser.add_argument("--paced-connections", type=int, default=32, help="connections of the paced run")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--gates", type=int, default=20)
    parser.add_argument("--only", choices=["posts", "import"], help="run one half of the benchmark")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        subprocess.run(["scripts/system-packages.sh", "wrk"], check=True)
    var_dir = tempfile.mkdtemp(prefix="bench-visits-")
    env = {
        **os.environ,
        "SHUYUAN_VAR": var_dir,
        "DJANGO_SETTINGS_MODULE": "shuyuan.settings",
        "DATABASE_URL": args.database_url or f"sqlite:///{var_dir}/shuyuan.sqlite3",
        "SHUYUAN_LOG_LEVEL": "WARNING",
    }
    load_at_start = os.getloadavg()
    ensure_postgres_database(env["DATABASE_URL"])
    subprocess.run([sys.executable, "-m", "shuyuan", "migrate", "-v", "0"], env=env, check=True)
    if args.only == "import":
        subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True)
    api = api_posts(args, env) if args.only != "import" else {}
    imported = csv_import(env, args.gates) if args.only != "posts" else {}
    print(f"load average at start: {load_at_start}")
    print_results(args, api, imported)
    engine = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
    result = {
        "benchmark": "visits",
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_at_start": load_at_start,
        "machine": machine(),
        "engine": engine,
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "seconds": args.seconds,
        "api": api,
        "csv_import": imported,
    }
    RESULTS.mkdir(exist_ok=True)
    suffix = f"-{args.only}" if args.only else ""
    (RESULTS / f"visits-{engine}{suffix}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    shutil.rmtree(var_dir, ignore_errors=True)


def print_results(args: argparse.Namespace, api: dict[str, Any], imported: dict[str, Any]) -> None:
    if not api:
        return print_import(imported)
    for name in ("health", "posts", "paced_posts", "resubmissions"):
        f = api[name]
        print(
            f"{name:14} {f['requests_per_s']:8.1f} req/s  p50 {f['p50_ms']:6.2f}  p90 {f['p90_ms']:6.2f}  "
            f"p99 {f['p99_ms']:6.2f} ms  non-2xx {f['non_2xx']}"
        )
    print(
        f"paced: {args.rate}/s offered over {args.paced_connections} connections; saturated: {args.connections}"
        " connections, each posting again as soon as it has its answer"
    )
    print("targets: posts >= 500 req/s with p99 < 20 ms; /api/health is the baseline of the same server")
    print(
        f"idempotent: {api['idempotent']} ({api['rows_after_posts']} rows after the posts, "
        f"{api['rows_after_resubmissions']} after the resubmissions)"
    )
    print_import(imported)


def print_import(imported: dict[str, Any]) -> None:
    if not imported:
        return
    print(
        f"csv import     {imported['lines']} lines, {imported['gates']} gates: {imported['seconds']:.2f} s (target < 5)"
    )
    print(
        f"  baseline: csv.reader alone {imported['baseline_csv_reader_s']:.2f} s, reading and checking every line "
        f"(no database) {imported['baseline_parse_s']:.2f} s; {imported['rows_stored']} rows stored, "
        f"{imported['people_stored']} people (the file: {imported['people_in_file']})"
    )


if __name__ == "__main__":
    main()
