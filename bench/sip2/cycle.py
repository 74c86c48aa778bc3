"""The CPU of one kiosk cycle's handlers, without the server around them.

    python -m bench.sip2.cycle --database-url "$DATABASE_URL" --var /tmp/pgcity/var [--cycles 1000] [--pin] [--profile]

Runs patron information → checkout → checkin for the first benchmark kiosk (``bench.sip2``'s accounts,
reader and books), each message parsed, handled and its answer formatted, in this one thread, and
reports the CPU a cycle took here (user and system) and in the database's backend process
(PostgreSQL), the machine's stolen time and speed meanwhile (``bench.speed``), and the statements a
cycle sends. With ``--pin``, the reader has a PIN and the kiosk sends it with patron information and
the checkout (the benchmark's kiosks send none). With ``--profile``, where this thread's time went
(cProfile on process time). Results go to bench/results/sip2-cycle-<engine>.json (``-pin.json``
with ``--pin``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.sip2 import fixtures
from bench.sip2.__main__ import cpu_ticks, machine_ticks
from bench.sip2.load import KioskPlan
from bench.speed import SpeedProbe

PIN = "246810"
RESULTS = Path(__file__).resolve().parent.parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--var", required=True, help="SHUYUAN_VAR of that database (its keys)")
    parser.add_argument("--cycles", type=int, default=1000, help="cycles per measured round (three rounds)")
    parser.add_argument("--pin", action="store_true", help="the reader has a PIN, which the kiosk sends")
    parser.add_argument("--profile", action="store_true", help="print where the time went")
    args = parser.parse_args()
    fixtures.setup_django(fixtures.server_environment(args.database_url, args.var))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shuyuan.testing.database import round_trips

    plans, _notes = fixtures.kiosk_plans(1, 20)
    cycle = kiosk_cycle(with_pin(plans[0]) if args.pin else plans[0])
    for n in range(50):  # warm: statements prepared, caches filled
        cycle(n)
    with CaptureQueriesContext(connection) as captured:
        cycle(0)
    trips = round_trips(cycle, 0) if connection.vendor == "postgresql" else None
    backend = backend_pid(connection)
    with SpeedProbe() as probe:
        rounds = [measure(cycle, args.cycles, backend) for _ in range(3)]
    results = {
        "database": args.database_url.split("@")[-1],
        "vendor": connection.vendor,
        "pin": args.pin,
        "statements_per_cycle": len(captured.captured_queries),
        "round_trips_per_cycle": trips,
        "rounds": rounds,
        "machine_speed": probe.report(),
        "load_average_at_start": os.getloadavg()[0],
    }
    print(f"{'client user ms':>15} {'client sys ms':>14} {'backend ms':>11} {'wall ms':>8} {'stolen %':>9}   (a cycle)")
    for r in rounds:
        print(
            f"{r['client_user_ms']:>15} {r['client_sys_ms']:>14} {r['backend_ms']!s:>11} {r['wall_ms']:>8}"
            f" {r['machine_stolen_percent']:>9}"
        )
    print(f"statements a cycle: {results['statements_per_cycle']}; round trips: {trips}")
    print(f"the machine meanwhile (bench.speed): {results['machine_speed']}")
    output = RESULTS / f"sip2-cycle-{connection.vendor}{'-pin' if args.pin else ''}.json"
    output.write_text(json.dumps(results, indent=2) + "\n")
    if args.profile:
        profile = cProfile.Profile(time.process_time)
        profile.runcall(lambda: [cycle(n) for n in range(args.cycles)])
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)


def kiosk_cycle(plan: KioskPlan) -> Any:
    from django.utils import timezone

    from shuyuan.sip2 import handlers
    from shuyuan.sip2 import messages as m

    kiosk = handlers.login(m.LoginRequest(login_user_id=plan.username, login_password=plan.password))
    assert kiosk is not None, "the benchmark kiosk could not log in"

    def exchange(request: m.Message) -> m.Message:
        parsed = m.parse_message(m.format_message(request, sequence=1, with_checksum=True)).message
        handler = handlers.speaking(handlers.CHINESE, handlers.HANDLERS[type(parsed)])
        answer = handlers.answered_in(handlers.CHINESE, handlers.finished(handler(kiosk, parsed, timezone.now())))
        m.format_message(answer, encoding=kiosk.encoding, sequence=1, with_checksum=True)
        return answer

    def cycle(n: int) -> None:
        at = datetime.now().replace(microsecond=0)
        item = plan.item_ids[n % len(plan.item_ids)]
        patron = dict(patron_id=plan.patron_id, patron_password=plan.patron_password)
        answers = [
            exchange(m.PatronInformationRequest(language="019", transaction_date=at, **patron)),
            exchange(m.CheckoutRequest(transaction_date=at, item_id=item, **patron)),
            exchange(m.CheckinRequest(transaction_date=at, return_date=at, item_id=item)),
        ]
        if not all(getattr(a, "valid_patron", None) or getattr(a, "ok", None) for a in answers):
            raise SystemExit(f"a kiosk message was refused: {answers}")

    return cycle


def with_pin(plan: KioskPlan) -> KioskPlan:
    """The plan's reader given a PIN (as staff set one), and the plan sending it."""
    from django.utils import timezone

    from shuyuan.patrons import queries, services

    services.reset_pin(queries.resolve(plan.patron_id), pin=PIN, at=timezone.now(), by=None)
    return replace(plan, patron_password=PIN)


def backend_pid(connection: Any) -> int | None:
    if connection.vendor != "postgresql":
        return None  # SQLite works inside this process: its CPU is the client's
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def backend_seconds(pid: int | None) -> float:
    if pid is None:
        return 0.0
    return cpu_ticks([pid]) / os.sysconf("SC_CLK_TCK")  # the backend must run on this machine


def measure(cycle: Any, cycles: int, backend: int | None) -> dict[str, Any]:
    before, server, started = resource.getrusage(resource.RUSAGE_SELF), backend_seconds(backend), time.perf_counter()
    stolen_before = machine_ticks()[2]
    for n in range(cycles):
        cycle(n)
    after, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - started
    stolen = (machine_ticks()[2] - stolen_before) / os.sysconf("SC_CLK_TCK")
    per = 1000 / cycles
    return {
        "cycles": cycles,
        "client_user_ms": round((after.ru_utime - before.ru_utime) * per, 2),
        "client_sys_ms": round((after.ru_stime - before.ru_stime) * per, 2),
        "backend_ms": round((backend_seconds(backend) - server) * per, 2) if backend else None,
        "wall_ms": round(wall * per, 2),
        "machine_stolen_percent": round(stolen / wall * 100, 1),  # of one core, both cores' steal summed
    }


if __name__ == "__main__":
    main()
