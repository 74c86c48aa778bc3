"""``python -m bench.serve``: which WSGI server should ``shuyuan serve`` use? Requests per second and
latency on typical staff pages, for waitress, gunicorn and granian, each started as a separate process
on the same database and measured by ``wrk`` in interleaved rounds (this machine is noisy: compare the
servers within a round)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
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
BIN = Path(sys.executable).parent
PAGES = {"staff home": "/staff/", "catalogue search": "/catalog/search/?q=%E4%B8%AD%E5%9B%BD"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_command(name: str, port: int, workers: int, threads: int) -> list[str]:
    if name == "waitress":
        return [
            *[sys.executable, "-m", "shuyuan", "serve", "--server", "waitress", "--no-sip2"],
            *["--port", str(port), "--threads", str(threads)],
        ]
    if name == "gunicorn":
        return [
            str(BIN / "gunicorn"),
            "shuyuan.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ]
    if name == "granian":
        return [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--log-level",
            "warning",
            "shuyuan.wsgi:application",
        ]
    raise SystemExit(f"unknown server {name}")


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not start")


def start_shuyuan_serve(env: dict[str, str], *, workers: int, threads: int) -> tuple[subprocess.Popen[bytes], int]:
    """``shuyuan serve`` (gunicorn, no SIP2) on a free port, answering: the server and its port."""
    port = free_port()
    server = subprocess.Popen(
        [
            *[sys.executable, "-m", "shuyuan", "serve", "--no-sip2", "--port", str(port)],
            *["--workers", str(workers), "--threads", str(threads)],
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port)
    except BaseException:
        server.terminate()
        raise
    return server, port


def staff_session(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        "u = get_user_model().objects.filter(is_superuser=True).first() or "
        "get_user_model().objects.create_superuser('bench-director', password='bench-pw-123456')\n"
        "c = Client(); c.force_login(u); print(c.cookies['sessionid'].value)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def wrk(url: str, session: str, *, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Cookie: sessionid={session}", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return round(float(found.group(1)) * unit[found.group(2)], 2) if found else float("nan")

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": ms("50"),
        "p90_ms": ms("90"),
        "p99_ms": ms("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file with the small demo")
    parser.add_argument("--servers", default="waitress,gunicorn,granian")
    parser.add_argument("--workers", type=int, default=2, help="processes (gunicorn, granian); waitress has one")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        subprocess.run(["scripts/system-packages.sh", "wrk"], check=True)
    var_dir = tempfile.mkdtemp(prefix="bench-serve-")
    env = {
        **os.environ,
        "SHUYUAN_VAR": var_dir,
        "DJANGO_SETTINGS_MODULE": "shuyuan.settings",
        "DATABASE_URL": args.database_url or f"sqlite:///{var_dir}/shuyuan.sqlite3",
        "SHUYUAN_LOG_LEVEL": "WARNING",
    }
    if not args.database_url:
        for command in (["migrate", "-v", "0"], ["demo", "--small", "--if-empty"]):
            subprocess.run([sys.executable, "-m", "shuyuan", *command], env=env, check=True, stdout=subprocess.DEVNULL)
    session = staff_session(env)
    runs: list[dict[str, Any]] = []
    for round_no in range(1, args.rounds + 1):
        for name in args.servers.split(","):
            port = free_port()
            server = subprocess.Popen(
                server_command(name, port, args.workers, args.threads), env=env, stdout=subprocess.DEVNULL
            )
            try:
                wait_until_up(port)
                for page, path in PAGES.items():
                    wrk(f"http://127.0.0.1:{port}{path}", session, seconds=2, connections=args.connections)
                    figures = wrk(
                        f"http://127.0.0.1:{port}{path}", session, seconds=args.seconds, connections=args.connections
                    )
                    runs.append({"round": round_no, "server": name, "page": page, **figures})
                    print(
                        f"round {round_no} {name:9} {page:17} {figures['requests_per_s']:8.1f} req/s  "
                        f"p50 {figures['p50_ms']:6.1f}  p99 {figures['p99_ms']:7.1f} ms  non-2xx {figures['non_2xx']}",
                        flush=True,
                    )
            finally:
                server.terminate()
                server.wait(20)
    engine = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
    result = {
        "benchmark": "serve",
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "engine": engine,
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "seconds": args.seconds,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"serve-{engine}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
