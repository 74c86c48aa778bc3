"""Readers benchmark: kiosk registrations per second through the API, and look-ups of a reader by
ID number, card and the last six digits (p95 under 5 ms at 100 000 readers), and the PIN check.

    python -m bench.patrons --readers 100000                # fresh SQLite file (WAL, synchronous=FULL)
    python -m bench.patrons --readers 5000 --registrations 100     # small
    scripts/with-postgres.sh .venv/bin/python -m bench.patrons --readers 100000      # PostgreSQL

Registrations go through the whole stack (HTTP client, device-key authentication, validation,
encryption, the durable transaction, the card sequence, the event and the audit row), one kiosk
after another and then ``--threads`` kiosks at once. Results go to bench/results/patrons-<engine>-<readers>.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import engine_version, latency, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_P95_MS = 5.0


def main() -> None:
    args = parse_arguments()
    setup_django("patrons", test_client=True)
    from bench.patrons import dataset

    dataset.require_empty()
    branch, _point, key = dataset.setting(args.seed)
    all_numbers = dataset.numbers(args.readers + args.registrations * (1 + args.threads), args.seed)
    stored, fresh = all_numbers[: args.readers], all_numbers[args.readers :]
    started = time.perf_counter()
    dataset.fill(stored, branch, args.seed)
    fill_seconds = time.perf_counter() - started
    # The harness holds every generated number in memory, which a server process does not: keep the
    # garbage collector from walking them during the timings.
    gc.collect()
    gc.freeze()
    lookups = time_lookups(stored, args.lookups, args.seed)
    sequential = time_registrations(key, fresh[: args.registrations], threads=1)
    parallel = time_registrations(key, fresh[args.registrations :], threads=args.threads)
    results = report(args, fill_seconds, lookups, sequential, parallel)
    print_summary(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"patrons-{results['engine']}-{args.readers}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=100_000, help="readers in the database")
    parser.add_argument("--registrations", type=int, default=300, help="kiosk registrations timed (per phase)")
    parser.add_argument("--threads", type=int, default=2, help="kiosks posting at once in the second phase")
    parser.add_argument("--lookups", type=int, default=2000, help="look-ups timed per kind")
    parser.add_argument("--seed", type=int, default=20160707)
    return parser.parse_args()


def time_lookups(numbers: list[str], count: int, seed: int) -> dict[str, dict[str, float]]:
    from shuyuan.patrons import queries, services
    from shuyuan.patrons.models import Patron

    rng = random.Random(seed + 1)
    picked = [(rng.randrange(len(numbers)), number) for number in rng.sample(numbers, min(count, len(numbers)))]
    cards = {p.pk: p for p in Patron.objects.filter(pk__in=[i + 1 for i, _n in picked])}
    patrons = list(cards.values())
    from django.utils import timezone

    now = timezone.now()
    kinds: dict[str, list[Callable[[], Any]]] = {
        "by_id_number": [lambda n=number: queries.resolve(n) for _i, number in picked],
        "by_card": [lambda c=p.card_number: queries.resolve(c) for p in patrons],
        "by_last_six": [lambda n=number: queries.search(n[-6:]) for _i, number in picked],
        "pin_check": [lambda p=p: services.check_pin(p, "246810", at=now) for p in patrons],
    }
    return {name: timed(calls) for name, calls in kinds.items()}


def timed(calls: list[Callable[[], Any]], warmup: int = 20) -> dict[str, float]:
    for call in calls[:warmup]:
        call()
    durations = []
    for call in calls:
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return latency(durations, digits=3)


def time_registrations(key: str, numbers: list[str], *, threads: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    shares = [numbers[i::threads] for i in range(threads)]
    durations: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def kiosk(share: list[str]) -> None:
        client = Client()
        try:
            for number in share:
                body = {"name": "基准读者", "id_number": number, "phone": "13900000000", "pin": "246810"}
                started = time.perf_counter()
                response = client.post(
                    "/api/patrons/registrations",
                    body,
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}",
                )
                with lock:
                    durations.append((time.perf_counter() - started) * 1000)
                    statuses.append(response.status_code)
        finally:
            connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=kiosk, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    return {
        "kiosks": threads,
        "registrations": len(durations),
        "created": statuses.count(201),
        "per_second": round(len(durations) / seconds, 1) if seconds else 0.0,
        "latency": latency(durations, digits=3),
    }


def report(
    args: argparse.Namespace,
    fill_seconds: float,
    lookups: dict[str, Any],
    sequential: dict[str, Any],
    parallel: dict[str, Any],
) -> dict[str, Any]:
    from django.db import connection

    from shuyuan.patrons.models import Patron

    return {
        "benchmark": "patrons",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "readers": args.readers,
        "readers_at_end": Patron.objects.count(),
        "fill_seconds": round(fill_seconds, 1),
        "target_p95_ms": TARGET_P95_MS,
        "lookups": lookups,
        "kiosk_registrations": {"one_kiosk": sequential, "several_kiosks": parallel},
        "machine": machine(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seed": args.seed,
    }


def print_summary(results: dict[str, Any]) -> None:
    print(
        f"readers on {results['engine']} {results['engine_version']}: {results['readers']} readers "
        f"(filled in {results['fill_seconds']} s)"
    )
    for name, figures in results["lookups"].items():
        verdict = "ok" if name == "pin_check" or figures["p95_ms"] < TARGET_P95_MS else "SLOW"
        print(f"  {name:<14} p50 {figures['p50_ms']:7.3f} ms  p95 {figures['p95_ms']:7.3f} ms  {verdict}")
    for name, figures in results["kiosk_registrations"].items():
        print(
            f"  kiosk registrations, {name}: {figures['per_second']}/s "
            f"(p95 {figures['latency']['p95_ms']} ms, {figures['created']} of {figures['registrations']} created)"
        )


if __name__ == "__main__":
    main()
