"""SIP2 benchmark: simulated kiosks against ``shuyuan runsip2`` and against a trivial asyncio server.

    python -m bench.sip2                         # the issue's runs: 20 and 100 kiosks, 1000 idle
    python -m bench.sip2 --kiosks 2 --seconds 3 --idle 20       # a small smoke run

Without ``--database-url`` (or DATABASE_URL) it makes a fresh SQLite database with the small demo.
Results are printed as JSON, and written to ``--output`` when given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.sip2 import fixtures, load


def main() -> None:
    args = parse_arguments()
    raise_open_files_limit()
    workdir = Path(tempfile.mkdtemp(prefix="bench-sip2-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    environment = fixtures.server_environment(database_url, args.var or str(workdir / "var"))
    fixtures.prepare_database(environment, fresh=not args.database_url)
    fixtures.setup_django(environment)
    biggest = max(args.kiosks)
    plans, notes = fixtures.kiosk_plans(max(biggest, 1), args.items_per_kiosk)
    results: dict[str, Any] = {"database": database_url.split("@")[-1], "notes": notes, "runs": []}
    for kiosks in args.kiosks:
        results["runs"].append(compare(kiosks, plans[:kiosks], args.seconds, environment))
    if args.idle:
        results["idle"] = idle_memory(args.idle, plans[0], environment)
    if not args.database_url:
        shutil.rmtree(workdir, ignore_errors=True)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--kiosks",
        type=lambda s: [int(n) for n in s.split(",")],
        default=[20, 100],
        help="comma-separated numbers of simulated kiosks, one run each (default 20,100)",
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each run")
    parser.add_argument("--idle", type=int, default=1000, help="idle connections for the memory figure (0: skip)")
    parser.add_argument("--items-per-kiosk", type=int, default=20)
    parser.add_argument("--database-url", default="", help="an existing database (default: a fresh small demo)")
    parser.add_argument("--var", default="", help="SHUYUAN_VAR of that database (its keys)")
    parser.add_argument("--output", default="", help="also write the JSON results to this file")
    return parser.parse_args()


def raise_open_files_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def compare(kiosks: int, plans: list[load.KioskPlan], seconds: float, environment: dict[str, str]) -> dict[str, Any]:
    with running([sys.executable, "-m", "shuyuan", "runsip2"], environment) as (port, _pid):
        ours = asyncio.run(load.run_load("127.0.0.1", port, plans, seconds))
    with running([sys.executable, "-m", "bench.sip2.trivial"], environment) as (port, _pid):
        ceiling = asyncio.run(load.run_load("127.0.0.1", port, plans, seconds))
    ratio = ours["messages_per_second"] / ceiling["messages_per_second"] if ceiling["messages_per_second"] else 0
    return {"kiosks": kiosks, "shuyuan": ours, "trivial_ceiling": ceiling, "ratio_to_ceiling": round(ratio, 3)}


def idle_memory(count: int, plan: load.KioskPlan, environment: dict[str, str]) -> dict[str, Any]:
    with running([sys.executable, "-m", "shuyuan", "runsip2"], environment) as (port, pid):
        before = rss_kib(pid)
        during = asyncio.run(open_idle(port, pid, count, plan))
    return {
        "connections": count,
        "server_rss_before_mib": round(before / 1024, 1),
        "server_rss_with_idle_connections_mib": round(during / 1024, 1),
        "per_connection_kib": round((during - before) / count, 1),
    }


async def open_idle(port: int, pid: int, count: int, plan: load.KioskPlan) -> int:
    """Holds ``count`` logged-in connections open, and returns the server's RSS meanwhile."""
    kiosks = await load.hold_idle("127.0.0.1", port, count, plan)
    await asyncio.sleep(1.0)
    rss = rss_kib(pid)
    for kiosk in kiosks:
        await kiosk.close()
    return rss


class running:
    """A server subprocess on a free port, stopped (SIGTERM) on exit."""

    def __init__(self, command: list[str], environment: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(self.port)], env=environment, stdout=subprocess.DEVNULL
        )

    def __enter__(self) -> tuple[int, int]:
        wait_for_port(self.port, self.process)
        return self.port, self.process.pid

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not listen on port {port}")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    main()
