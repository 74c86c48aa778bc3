"""SIP2 benchmark: simulated kiosks against ``shuyuan runsip2`` and against a trivial asyncio server.

    python -m bench.sip2                         # the issue's runs: 20 and 100 kiosks, 1000 idle
    python -m bench.sip2 --kiosks 2 --seconds 3 --idle 20 --paced 0   # a small smoke run
    python -m bench.sip2 --paced 200,300 --workers 2                  # paced runs at two rates

For each number of kiosks, two runs against our server:

- saturated: every kiosk sends its next message as soon as it has its answer (no reader ever
  waits that little). This gives the most the server does per second; its latency is then set by
  the number of kiosks waiting (Little's law: mean latency = kiosks / messages per second);
- paced: the kiosks together offer ``--paced`` checkouts per second (each kiosk one patron
  information → checkout → checkin cycle per period, at a random phase): the latency a reader
  sees at that load, and how late cycles started if the server fell behind;

and the saturated run against the trivial server (the ceiling of the codec and the load generator).
On PostgreSQL each run against our server starts with a ``VACUUM (ANALYZE)`` of the tables the kiosks
update (``fixtures.vacuum``), as pgbench starts its runs: the kiosks lend the same books thousands
of times, and the dead row versions of one run would otherwise slow the next until autovacuum came.
Without ``--database-url`` it makes a fresh SQLite database with the small demo, and adds copies of
a reader and of a book where the demo has too few for the kiosks. Results are printed as JSON and
written to bench/results/sip2-<engine>.json (or ``--output``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import uvloop

from bench.sip2 import fixtures, load
from bench.speed import SpeedProbe

RESULTS = Path(__file__).resolve().parent.parent / "results"


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
    from shuyuan.sip2.workers import default_workers

    workers = args.workers or default_workers()
    results: dict[str, Any] = {
        "database": database_url.split("@")[-1],
        "server": f"shuyuan runsip2 --workers {workers}" + ("" if args.workers else " (the default here)"),
        "cpus": os.cpu_count(),
        "notes": notes,
        "runs": [],
    }
    server = [sys.executable, "-m", "shuyuan", "runsip2", "--workers", str(workers)]
    for kiosks in args.kiosks:
        results["runs"].append(compare(server, kiosks, plans[:kiosks], args, environment))
    if args.idle:
        results["idle"] = idle_memory(server, args.idle, plans[0], environment)
    if not args.database_url:
        shutil.rmtree(workdir, ignore_errors=True)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    print_table(results)
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    output = Path(args.output) if args.output else RESULTS / f"sip2-{engine}.json"
    output.write_text(text + "\n")
    if refused := refusals(results):
        raise SystemExit(f"NOT VALID: the server refused kiosk messages ({refused}); the figures measure refusals")


def print_table(results: dict[str, Any]) -> None:
    print(
        f"{'kiosks':>6} {'offered/s':>10} {'checkouts/s':>12} {'late':>5}  checkout p50/p95/p99 ms   "
        "after warm-up              trivial msg/s"
    )
    for run in results["runs"]:
        for part in parts(run):
            checkout = part["per_type"].get("11", {})
            offered = part.get("offered_checkouts_per_second", "saturated")
            served = part.get("steady_checkouts_per_second", part["checkouts_per_second"])
            late = part.get("cycles_started_late_over_10ms", "")
            percentiles = "/".join(str(checkout.get(p, "-")) for p in ("p50_ms", "p95_ms", "p99_ms"))
            steady_checkout = part.get("steady_per_type", {}).get("11", {})
            steady = "/".join(str(steady_checkout.get(p, "-")) for p in ("p50_ms", "p95_ms", "p99_ms"))
            ceiling = run["trivial_ceiling"]["messages_per_second"] if "trivial_ceiling" in run else "-"
            print(
                f"{run['kiosks']:>6} {offered!s:>10} {served:>12} {late!s:>5}  {percentiles:<24} {steady:<26}"
                f" {ceiling:>14}"
            )


def parts(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The runs against our server: saturated (unless only paced) and paced."""
    return [*([run["shuyuan"]] if "shuyuan" in run else []), *run.get("shuyuan_paced", [])]


def refusals(results: dict[str, Any]) -> dict[str, int]:
    """Refusals of our server's runs: each kiosk has its own reader and items, so there should be none."""
    found: dict[str, int] = {}
    for run in results["runs"]:
        for part in parts(run):
            for message, count in part["refusals"].items():
                found[message] = found.get(message, 0) + count
    return found


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--kiosks",
        type=lambda s: [int(n) for n in s.split(",")],
        default=[20, 100],
        help="comma-separated numbers of simulated kiosks, one run each (default 20,100)",
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each run")
    parser.add_argument(
        "--warm-up", type=float, default=2.0, help="seconds of a paced run its steady figures leave out (default 2)"
    )
    parser.add_argument("--idle", type=int, default=1000, help="idle connections for the memory figure (0: skip)")
    parser.add_argument("--items-per-kiosk", type=int, default=20)
    parser.add_argument(
        "--paced",
        type=lambda s: [float(n) for n in s.split(",") if float(n) > 0],
        default=[300.0],
        help="comma-separated checkouts per second the kiosks offer, one paced run each (default 300; 0: none)",
    )
    parser.add_argument(
        "--only-paced", action="store_true", help="only the paced runs: no saturated run, no trivial server"
    )
    parser.add_argument("--workers", type=int, default=0, help="runsip2 --workers (default: the server's default)")
    parser.add_argument("--database-url", default="", help="an existing database (default: a fresh small demo)")
    parser.add_argument("--var", default="", help="SHUYUAN_VAR of that database (its keys)")
    parser.add_argument(
        "--output", default="", help="write the JSON results here instead of bench/results/sip2-<engine>.json"
    )
    return parser.parse_args()


def raise_open_files_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def compare(
    server: list[str], kiosks: int, plans: list[load.KioskPlan], args: argparse.Namespace, environment: dict[str, str]
) -> dict[str, Any]:
    with running(server, environment) as (port, pid):

        def served(rate: float = 0.0) -> dict[str, Any]:
            fixtures.vacuum()
            run = load.run_load("127.0.0.1", port, plans, args.seconds, checkouts_per_second=rate, warm_up=args.warm_up)
            return measured(pid, run)

        if args.only_paced:  # beside another load (bench.load --kiosks): the kiosks at a reader's pace only
            return {"kiosks": kiosks, "shuyuan_paced": [served(rate) for rate in args.paced]}
        ours = served()
        paced = [served(rate) for rate in args.paced]
    with running([sys.executable, "-m", "bench.sip2.trivial"], environment) as (port, pid):
        ceiling = measured(pid, load.run_load("127.0.0.1", port, plans, args.seconds))
    ratio = ours["messages_per_second"] / ceiling["messages_per_second"] if ceiling["messages_per_second"] else 0
    run = {"kiosks": kiosks, "shuyuan": ours, "trivial_ceiling": ceiling, "ratio_to_ceiling": round(ratio, 3)}
    if paced:
        run["shuyuan_paced"] = paced
    return run


def measured(server_pid: int, run: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
    """The run's report with the CPU it took, in % of one core: the server (all its processes),
    this load generator, and every other process on the machine (a busy machine lowers the figures);
    with the time the host stole and how fast the machine ran plain Python meanwhile (``bench.speed``)."""
    server, generator, machine = cpu_ticks(process_tree(server_pid)), os.times(), machine_ticks()
    started = time.monotonic()
    with SpeedProbe() as probe:
        report = uvloop.run(run)  # the server's loop: a lighter load generator leaves the server more CPU
    seconds = time.monotonic() - started
    tick = os.sysconf("SC_CLK_TCK")
    server_share = (cpu_ticks(process_tree(server_pid)) - server) / tick / seconds * 100
    generator_share = (sum(os.times()[:2]) - sum(generator[:2])) / seconds * 100
    processes, interrupts, stolen = (now - before for now, before in zip(machine_ticks(), machine, strict=True))
    report["cpu_percent"] = {
        "server": round(server_share),
        "load_generator": round(generator_share),
        "other_processes": max(0, round(processes / tick / seconds * 100 - server_share - generator_share)),
        "kernel_interrupts": round(interrupts / tick / seconds * 100),  # mostly loopback TCP
        "stolen": round(stolen / tick / seconds * 100, 1),
        "cores": os.cpu_count(),
    }
    report["machine_speed"] = probe.report()
    return report


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def machine_ticks() -> tuple[int, int, int]:
    """CPU ticks of the whole machine: busy in processes, busy in interrupts (which no process is
    charged), and stolen: the time the host ran something else while this virtual machine had work."""
    user, nice, system, _idle, _iowait, irq, softirq, steal, *_ = map(int, Path("/proc/stat").read_text().split()[1:11])
    return user + nice + system, irq + softirq, steal


def idle_memory(server: list[str], count: int, plan: load.KioskPlan, environment: dict[str, str]) -> dict[str, Any]:
    """The server's memory (all its processes: PSS, so that pages the workers share with their
    parent count once) before and while ``count`` logged-in kiosks sit idle."""
    with running(server, environment) as (port, pid):
        processes = len(process_tree(pid))
        before = memory_kib(pid)
        during = uvloop.run(open_idle(port, pid, count, plan))
    return {
        "connections": count,
        "server_processes": processes,
        "server_memory_before_mib": round(before / 1024, 1),
        "server_memory_with_idle_connections_mib": round(during / 1024, 1),
        "per_connection_kib": round((during - before) / count, 1),
    }


async def open_idle(port: int, pid: int, count: int, plan: load.KioskPlan) -> int:
    """Holds ``count`` logged-in connections open, and returns the server's memory meanwhile."""
    kiosks = await load.hold_idle("127.0.0.1", port, count, plan)
    await asyncio.sleep(1.0)
    memory = memory_kib(pid)
    for kiosk in kiosks:
        await kiosk.close()
    return memory


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


def process_tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [pid]
    for child in children.read_text().split() if children.exists() else []:
        found += process_tree(int(child))
    return found


def memory_kib(pid: int) -> int:
    """PSS of the process and its workers (RSS where the kernel gives no PSS)."""
    total = 0
    for member in process_tree(pid):
        rollup = Path(f"/proc/{member}/smaps_rollup")
        lines = rollup.read_text().splitlines() if rollup.exists() else []
        lines += Path(f"/proc/{member}/status").read_text().splitlines()
        for key in ("Pss:", "VmRSS:"):
            values = [int(line.split()[1]) for line in lines if line.startswith(key)]
            if values:
                total += values[0]
                break
    return total


if __name__ == "__main__":
    main()
