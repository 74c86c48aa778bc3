"""Activities benchmark: the staff activity calendar with 1 000 activities in the year (p95 under
50 ms server time), beside its baseline, a bare query of the same rows, in the same run.

    python -m bench.outreach                               # fresh SQLite file (WAL, synchronous=FULL)
    scripts/with-postgres.sh .venv/bin/python -m bench.outreach          # PostgreSQL

The page is requested in-process through Django's test client (URL routing, the session and
permission checks, the one counting query, the template), so the time is the server's. The month
page (about 85 activities) is what staff open; the year page shows all 1 000. A fifth of the
activities take sign-ups, with 20 readers each. Results go to bench/results/outreach-<engine>-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.django_setup import setup_django
from bench.report import engine_version, latency, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_P95_MS = 50.0
SHANGHAI = ZoneInfo("Asia/Shanghai")


def main() -> None:
    args = parse_arguments()
    setup_django("outreach", test_client=True)
    user = fill(args.activities, args.seed)
    measured = measure(user, args.requests, args.seed)
    results = report(args, measured)
    for name, row in results["timings"].items():
        print(f"{name:<28} p50 {row['p50_ms']:>7.2f} ms   p95 {row['p95_ms']:>7.2f} ms   p99 {row['p99_ms']:>7.2f} ms")
    print(f"target: calendar page p95 < {TARGET_P95_MS} ms -> {'met' if results['target_met'] else 'NOT met'}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"outreach-{results['engine']}-{args.activities}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=1000, help="activities in the year")
    parser.add_argument("--requests", type=int, default=300, help="requests timed per measure")
    parser.add_argument("--seed", type=int, default=20160707)
    return parser.parse_args()


def fill(count: int, seed: int) -> Any:
    """``count`` activities spread over 2016 in bulk, a fifth with 20 sign-ups each; a staff user."""
    from django.contrib.auth.models import Group, User

    from shuyuan.branches.models import Branch, Library, ServicePoint
    from shuyuan.outreach.models import Activity, Kind, Registration
    from shuyuan.patrons.models import Patron
    from shuyuan.roles import Role, ensure_roles
    from shuyuan.testing.patrons import make_patron

    if Activity.objects.exists():
        raise SystemExit("the database has activities already: give an empty one")
    rng = random.Random(seed)
    library = Library.objects.create(code="BENCH", name="基准图书馆")
    branch = Branch.objects.create(library=library, code="BM01", name="总馆", kind=Branch.Kind.CENTRAL)
    hall = ServicePoint.objects.create(branch=branch, code="BM01-HALL", name="报告厅", kind="event_venue")
    readers = [make_patron(f"读者{i}", branch=branch, service_point=hall) for i in range(40)]
    kinds = list(Kind.values)
    start = datetime(2016, 1, 1, 9, tzinfo=SHANGHAI)
    activities = []
    for n in range(count):
        at = start + timedelta(minutes=rng.randrange(366 * 24 * 60))
        activities.append(
            Activity(
                title=f"活动{n}",
                kind=rng.choice(kinds),
                starts_at=at,
                ends_at=at + timedelta(hours=2),
                branch=branch,
                service_point=hall,
                needs_signup=n % 5 == 0,
                capacity=30 if n % 5 == 0 else None,
                waiting_list_size=10,
                walk_ins=rng.randrange(200),
                created_at=start,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=500)
    signups = []
    for activity in Activity.objects.filter(needs_signup=True):
        for i, reader in enumerate(rng.sample(readers, 20)):
            signups.append(
                Registration(
                    activity=activity,
                    patron=reader,
                    status="registered",
                    channel="online",
                    ticket=f"{activity.pk:06d}{i:02d}{rng.randrange(10**12):012d}",
                    signed_up_at=start,
                    checked_in_at=activity.starts_at if i % 2 else None,
                )
            )
    Registration.objects.bulk_create(signups, batch_size=1000)
    ensure_roles()
    user = User.objects.create_user("bench-activities", password="bench-pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.ACTIVITIES))
    assert Patron.objects.count() == len(readers)
    return user


def measure(user: Any, requests: int, seed: int) -> dict[str, list[float]]:
    """Interleaved: each round times a month page, its bare query, the year page and its bare query."""
    from django.test import Client

    from shuyuan.outreach.models import Activity
    from shuyuan.outreach.queries import local_bounds

    client = Client()
    client.force_login(user)
    rng = random.Random(seed + 1)

    def page(url: str) -> Callable[[], Any]:
        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    def bare(first: date, last: date) -> Callable[[], Any]:
        start, end = local_bounds(first, last)
        return lambda: list(Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).values_list())

    durations: dict[str, list[float]] = {
        k: [] for k in ("month page", "month bare query", "year page", "year bare query")
    }
    for n in range(requests + 20):
        month = rng.randrange(1, 13)
        first = date(2016, month, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        for name, call in (
            ("month page", page(f"/outreach/?month=2016-{month:02d}")),
            ("month bare query", bare(first, last)),
            ("year page", page("/outreach/?year=2016")),
            ("year bare query", bare(date(2016, 1, 1), date(2016, 12, 31))),
        ):
            started = time.perf_counter()
            call()
            if n >= 20:  # the first rounds warm the caches (templates, statements)
                durations[name].append((time.perf_counter() - started) * 1000)
    return durations


def report(args: argparse.Namespace, measured: dict[str, list[float]]) -> dict[str, Any]:
    from django.db import connection

    timings = {name: latency(values) for name, values in measured.items()}
    return {
        "benchmark": "outreach",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "activities": args.activities,
        "requests": args.requests,
        "timings": timings,
        "target_p95_ms": TARGET_P95_MS,
        "target_met": max(timings["month page"]["p95_ms"], timings["year page"]["p95_ms"]) < TARGET_P95_MS,
        "machine": machine(),
        "at": datetime.now(tz=ZoneInfo("UTC")).isoformat(timespec="seconds"),
    }


if __name__ == "__main__":
    main()
