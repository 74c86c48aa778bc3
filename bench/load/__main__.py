"""``python -m bench.load``: the load test of issue 19 with locust. 20 desk clerks, 200 OPAC readers and
10 people counters (``--users 230``, in those proportions) against ``shuyuan serve`` (gunicorn) on a
fresh small demo (SQLite, or ``--database-url``), headless for ``--minutes``; then the crash test's
invariants are checked on the database (no item with two open loans, every loan with its events, item
statuses agreeing with loans: nothing lost or half-done). Throughput, latency percentiles and errors per
request kind go to ``bench/results/load-<engine>.json`` and locust's CSV files beside it. The kiosks'
SIP2 load runs beside it: ``--kiosks`` simulated kiosks (``bench.sip2``'s, paced at ``--kiosk-rate``
checkouts a second: patron information, checkout, checkin) against ``shuyuan runsip2`` on the same
database, for the same minutes; their figures go to ``load-<engine>-kiosks.json``.

    .venv/bin/python -m bench.load --minutes 10                       # the issue's run, 100 kiosks
    .venv/bin/python -m bench.load --minutes 1 --users 46 --kiosks 20  # a short one, a fifth of the people
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import machine

RESULTS = Path(__file__).resolve().parents[1] / "results"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def summary(prefix: Path) -> list[dict[str, Any]]:
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rows.append(
                {
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "requests_per_s": round(float(row["Requests/s"]), 2),
                    **{f"p{p}_ms": float(row[f"{p}%"]) if row[f"{p}%"] != "N/A" else None for p in (50, 95, 99)},
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--users", type=int, default=230)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2, help="shuyuan serve --workers")
    parser.add_argument("--kiosks", type=int, default=100, help="SIP2 kiosks beside the web load (0: none)")
    parser.add_argument("--kiosk-rate", type=float, default=50, help="checkouts a second the kiosks offer together")
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="bench-load-")
    env = {
        **os.environ,
        "SHUYUAN_VAR": var_dir,
        "DJANGO_SETTINGS_MODULE": "shuyuan.settings",
        "DATABASE_URL": args.database_url or f"sqlite:///{var_dir}/shuyuan.sqlite3",
        "SHUYUAN_LOG_LEVEL": "WARNING",
    }
    shuyuan = [sys.executable, "-m", "shuyuan"]
    for command in (["migrate", "-v", "0"], ["demo", "--small", "--if-empty"]):
        subprocess.run([*shuyuan, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    plan = subprocess.run(
        [sys.executable, "-m", "bench.load.setup_library"], env=env, check=True, capture_output=True, text=True
    ).stdout
    plan_file = Path(var_dir) / "plan.json"
    plan_file.write_text(plan, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [*shuyuan, "serve", "--no-sip2", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    engine = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
    prefix = RESULTS / f"load-{engine}"
    kiosks_file = RESULTS / f"load-{engine}-kiosks.json"
    kiosks = None
    try:
        wait_until_up(port)
        if args.kiosks:
            kiosks = subprocess.Popen(
                [
                    *[sys.executable, "-m", "bench.sip2", "--only-paced", "--idle", "0"],
                    *["--database-url", env["DATABASE_URL"], "--var", var_dir, "--kiosks", str(args.kiosks)],
                    *["--paced", str(args.kiosk_rate), "--seconds", str(int(args.minutes * 60))],
                    *["--output", str(kiosks_file)],
                ],
                env=env,
                stdout=subprocess.DEVNULL,
            )
        subprocess.run(
            [
                str(Path(sys.executable).with_name("locust")),
                *["-f", str(LOCUSTFILE), "--headless", "--only-summary"],
                *["--users", str(args.users), "--spawn-rate", str(args.spawn_rate)],
                *["--run-time", f"{int(args.minutes * 60)}s", "--host", f"http://127.0.0.1:{port}"],
                *["--csv", str(prefix), "--loglevel", "WARNING"],
            ],
            env={**env, "LOAD_PLAN": str(plan_file)},
            check=False,
        )
        if kiosks is not None:
            kiosks.wait()
    finally:
        if kiosks is not None and kiosks.poll() is None:
            kiosks.terminate()
        server.terminate()
        server.wait(30)
    checked = subprocess.run(
        [sys.executable, "-m", "shuyuan.tests.crash.check"],
        env=env,
        input=json.dumps({"circulation": [], "cards": []}),
        capture_output=True,
        text=True,
        check=True,
    )
    broken = json.loads(checked.stdout)
    rows = summary(prefix)
    result = {
        "benchmark": "load",
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "engine": engine,
        "users": args.users,
        "minutes": args.minutes,
        "server": f"shuyuan serve (gunicorn, {args.workers} workers x 8 threads)",
        "requests": rows,
        "kiosks": kiosk_summary(kiosks_file) if args.kiosks else None,
        "broken_invariants": broken,
    }
    (RESULTS / f"load-{engine}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"{'request':32} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} ms")
    for row in rows:
        print(
            f"{row['name']:32} {row['requests']:7} {row['failures']:5} {row['requests_per_s']:7.1f} "
            f"{row['p50_ms'] or 0:6.0f} {row['p95_ms'] or 0:6.0f} {row['p99_ms'] or 0:6.0f}"
        )
    if result["kiosks"]:
        k = result["kiosks"]
        print(
            f"{'SIP2 checkouts, kiosks: ' + str(args.kiosks):32} {k['checkouts']:7} {k['errors']:5} "
            f"{k['checkouts_per_second']:7.1f} "
            f"{k['checkout_p50_ms']:6.0f} {k['checkout_p95_ms']:6.0f} {k['checkout_p99_ms']:6.0f}  (checkouts)"
        )
    print(f"invariants after the run: {'all hold' if not broken else broken}")


def kiosk_summary(path: Path) -> dict[str, Any]:
    """The kiosks' paced run, as bench.sip2 wrote it."""
    run = json.loads(path.read_text(encoding="utf-8"))["runs"][0]["shuyuan_paced"][0]
    checkout = run["per_type"].get("11", {})
    return {
        "offered_checkouts_per_second": run["offered_checkouts_per_second"],
        "checkouts_per_second": run["steady_checkouts_per_second"],
        "checkouts": checkout.get("n", 0),
        "checkout_p50_ms": checkout.get("p50_ms", 0),
        "checkout_p95_ms": checkout.get("p95_ms", 0),
        "checkout_p99_ms": checkout.get("p99_ms", 0),
        "errors": len(run["errors"]),
        "refusals": run["refusals"],
        "per_type": run["per_type"],
    }


if __name__ == "__main__":
    main()
