"""Periodicals benchmark: generating a year of issues for N subscriptions (the pattern engine and
its bulk insert) beside a plain bulk insert of the same rows, and the daily late-issue job over
them beside a plain UPDATE of the same rows, in the same run.

    python -m bench.serials --subscriptions 1000
    scripts/with-postgres.sh .venv/bin/python -m bench.serials
Results go to bench/results/serials-<engine>-<subscriptions>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.django_setup import setup_django
from bench.report import machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_GENERATE_S = 5.0
TARGET_LATE_S = 2.0
# A reading room's mix: a sixth newspapers, the rest magazines of every frequency.
MIX = [
    "daily",
    "weekly",
    "semimonthly",
    "monthly",
    "monthly",
    "monthly",
    "bimonthly",
    "quarterly",
    "monthly",
    "semimonthly",
    "monthly",
    "daily",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscriptions", type=int, default=1000)
    args = parser.parse_args()
    setup_django("serials")
    from django.db import connection, transaction

    from shuyuan.branches.models import Branch, Library, ServicePoint
    from shuyuan.serials import services
    from shuyuan.serials.models import Issue, Subscription, Supplier

    library = Library.objects.create(name="基准馆", code="BENCH")
    branch = Branch.objects.create(library=library, code="B1", name="总馆")
    room = ServicePoint.objects.create(
        branch=branch, code="B1-READ", name="综合阅览室", kind=ServicePoint.Kind.GENERAL_READING_ROOM
    )
    supplier = Supplier.objects.create(name="邮局")
    at = datetime(2016, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    subscriptions = Subscription.objects.bulk_create(
        Subscription(
            title=f"期刊{n}",
            cn=f"CN43-{1000 + n % 5000:04d}/G4",
            supplier=supplier,
            price=Decimal("96"),
            branch=branch,
            service_point=room,
            year=2016,
            copies=1,
            frequency=MIX[n % len(MIX)],
            numbering="date" if MIX[n % len(MIX)] == "daily" else "year_issue",
            first_issue_on=date(2016, 1, 1 + n % 20),
            first_whole_number=100 + n,
            combined="1-2" if n % 7 == 0 and MIX[n % len(MIX)] == "monthly" else "",
            skipped_months="7,8" if n % 11 == 0 else "",
            skipped_weekdays="7" if MIX[n % len(MIX)] == "daily" else "",
            late_after_days=10,
            created_at=at,
        )
        for n in range(args.subscriptions)
    )
    started = time.perf_counter()
    with transaction.atomic():
        rows = services.generate_issues(subscriptions)
    generate_s = time.perf_counter() - started
    copies = [
        Issue(
            subscription_id=i.subscription_id,
            sequence=i.sequence + 10_000,
            label=i.label,
            first_number=i.first_number,
            last_number=i.last_number,
            first_whole_number=i.first_whole_number,
            expected_on=i.expected_on,
            late_on=i.late_on,
        )
        for i in Issue.objects.all()
    ]
    started = time.perf_counter()
    with transaction.atomic():
        Issue.objects.bulk_create(copies, batch_size=2000)
    baseline_insert_s = time.perf_counter() - started
    Issue.objects.filter(sequence__gt=10_000).delete()
    from shuyuan import fastsql

    raw_rows = [
        (
            i.subscription_id,
            i.sequence + 10_000,
            i.label,
            i.first_number,
            i.last_number,
            i.first_whole_number,
            connection.ops.adapt_datefield_value(i.expected_on),
            connection.ops.adapt_datefield_value(i.late_on),
            "expected",
            "",
            0,
        )
        for i in copies
    ]
    started = time.perf_counter()
    with transaction.atomic():
        fastsql.insert_rows(Issue, services.ISSUE_COLUMNS, raw_rows)
    baseline_raw_s = time.perf_counter() - started
    Issue.objects.filter(sequence__gt=10_000).delete()
    # Half a year gone by with nothing received: first the catch-up run (reported), then an
    # ordinary day's run, the one the daily timer makes (timed against the target).
    job_at = at + timedelta(days=181)
    started = time.perf_counter()
    catch_up = services.mark_late_issues(at=job_at)
    catch_up_s = time.perf_counter() - started
    job_at += timedelta(days=1)
    started = time.perf_counter()
    late = services.mark_late_issues(at=job_at)
    late_s = time.perf_counter() - started
    Issue.objects.filter(status="late", late_on=job_at.date()).update(status="expected")
    started = time.perf_counter()
    with transaction.atomic():
        baseline_update = Issue.objects.filter(status="expected", late_on__lte=job_at.date()).update(status="late")
    baseline_update_s = time.perf_counter() - started
    results = {
        "engine": connection.vendor,
        "subscriptions": args.subscriptions,
        "issues_generated": rows,
        "generate_s": round(generate_s, 3),
        "baseline_bulk_create_s": round(baseline_insert_s, 3),
        "baseline_raw_insert_s": round(baseline_raw_s, 3),
        "catch_up_issues": catch_up,
        "catch_up_s": round(catch_up_s, 3),
        "issues_marked_late": late,
        "mark_late_s": round(late_s, 3),
        "baseline_update_s": round(baseline_update_s, 3),
        "baseline_update_rows": baseline_update,
        "targets": {"generate_s": TARGET_GENERATE_S, "mark_late_s": TARGET_LATE_S},
        "machine": machine(),
    }
    print(f"{'measure':<34}{'seconds':>10}")
    print(f"{'generate a year (' + str(rows) + ' issues)':<34}{generate_s:>10.3f}  target < {TARGET_GENERATE_S}")
    print(f"{'  baseline: bulk_create same rows':<34}{baseline_insert_s:>10.3f}")
    print(f"{'  baseline: raw insert same rows':<34}{baseline_raw_s:>10.3f}")
    print(f"{'late job catch-up (' + str(catch_up) + ')':<34}{catch_up_s:>10.3f}")
    print(f"{'late job, a day (' + str(late) + ' issues)':<34}{late_s:>10.3f}  target < {TARGET_LATE_S}")
    print(f"{'  baseline: one UPDATE same rows':<34}{baseline_update_s:>10.3f}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"serials-{connection.vendor}-{args.subscriptions}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
