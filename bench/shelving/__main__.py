"""Shelf work benchmark (issue 15 item 5): an inventory of 100 000 scanned barcodes against a
500 000-item collection, its report computed in under 10 s, beside its baseline in the same run.

    python -m bench.shelving                                  # 500 000 items, 100 000 scans
    python -m bench.shelving --items 50000 --scans 10000      # quick
    scripts/with-postgres.sh .venv/bin/python -m bench.shelving

The collection holds --items items in one collection of one branch, with call numbers over a
dozen CLC classes, 种次号 and volume parts; 2 % are on loan, 0.5 % in transit, 1 % marked missing.
A handheld reader's file of --scans lines is read into an inventory of the collection through
``services.import_reader_file`` (timed too): the first --scans items in shelf order, with one in
200 swapped with a neighbour (out of order), 100 items of another collection, 100 unknown codes
and 50 garbled lines.

1. Report: ``shelving.inventory.report`` (every item of the scope and every scan, sorted into
   missing, misplaced, elsewhere, away, found again, problems), --repeat times; target under 10 s.
   Baseline: the two reads the report cannot do without (the scope's item rows and the scans,
   ``values_list`` each, nothing sorted): the floor a report in this process could reach.
2. File import: reading the --scans lines, resolving each code (barcode, RFID tag, old barcode) and
   keeping the scans; reported for information (the issue sets no target).

Results go to bench/results/shelving-<engine>-<items>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import engine_version, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGETS = {"inventory_report_s": 10.0}
BATCH = 5000
CLASSES = ("I247.5", "I247.57", "I247.7", "I207.22", "K825.6", "TP311", "TP312", "G624.2", "H319.4", "B222.2",
           "D6", "F832")  # fmt: skip


def main() -> None:
    args = parse_arguments()
    setup_django("shelving")
    from django.db import connection

    results: dict[str, Any] = {
        "benchmark": "shelving",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),
        "arguments": vars(args),
        "targets": TARGETS,
    }
    started = time.perf_counter()
    collection, other = fill(args.items, args.seed)
    results["fill_seconds"] = round(time.perf_counter() - started, 1)
    inventory, results["file_import"] = import_file(collection, other, args.scans, args.seed)
    results["report"] = time_report(inventory, args.repeat)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"shelving-{results['engine']}-{args.items}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=500_000, help="items in the collection")
    parser.add_argument("--scans", type=int, default=100_000, help="lines of the handheld reader's file")
    parser.add_argument("--repeat", type=int, default=3, help="times the report is computed")
    parser.add_argument("--seed", type=int, default=20160707)
    return parser.parse_args()


def call_number(n: int) -> str:
    """Call numbers of a real shelf: classes, 种次号 up to the thousands, a volume part on one in ten."""
    base = f"{CLASSES[n % len(CLASSES)]}/{n // len(CLASSES) // 3 + 1}"
    return f"{base}:{n % 3 + 1}" if n % 10 == 0 else base


def fill(count: int, seed: int) -> tuple[Any, Any]:
    from django.db import transaction
    from django.utils import timezone

    from shuyuan.branches.models import Branch, Library
    from shuyuan.catalog import callnumbers
    from shuyuan.catalog.models import Collection, Item, ItemType, Record

    rng = random.Random(seed)
    now = timezone.now()
    library = Library.objects.create(code="BENCH", name="基准测试图书馆")
    branch = Branch.objects.create(library=library, code="BB01", name="总馆", kind=Branch.Kind.CENTRAL)
    collection = Collection.objects.create(branch=branch, code="BB01-WJ", name="中文图书外借")
    other = Collection.objects.create(branch=branch, code="BB01-SE", name="少儿图书")
    book = ItemType.objects.get_or_create(code="BOOK", defaults={"name": "普通图书"})[0]
    weights = [(Item.Status.ON_LOAN, 0.02), (Item.Status.IN_TRANSIT, 0.005), (Item.Status.MISSING, 0.01)]
    for first in range(0, count + 1000, BATCH):
        numbers = range(first, min(first + BATCH, count + 1000))
        with transaction.atomic():
            records = Record.objects.bulk_create(
                Record(title=f"基准图书{n}", created_at=now, updated_at=now) for n in numbers if n % 5 == 0
            )
            items = []
            for n in numbers:
                draw, status = rng.random(), Item.Status.ON_SHELF
                for candidate, share in weights:
                    if draw < share:
                        status = candidate
                        break
                    draw -= share
                number = call_number(n)
                items.append(Item(
                    record=records[(n - first) // 5], barcode=f"B{n:09d}", item_type=book,
                    collection=collection if n < count else other, call_number=number,
                    call_number_sort=callnumbers.sort_key(number), home_branch=branch, current_branch=branch,
                    status=status, created_at=now, status_changed_at=now,
                ))  # fmt: skip
            Item.objects.bulk_create(items)
    analyze()
    return collection, other


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def reader_file(collection: Any, other: Any, scans: int, seed: int) -> str:
    """The handheld reader's file: shelf order with a few swaps, strays, unknown codes and noise."""
    from shuyuan.catalog.models import Item

    rng = random.Random(seed)
    shelf = list(
        Item.objects.filter(collection=collection).order_by("call_number_sort", "pk").values_list("barcode", flat=True)
    )[: scans - 250]
    for n in range(0, len(shelf) - 1, 200):
        shelf[n], shelf[n + 1] = shelf[n + 1], shelf[n]
    strays = list(Item.objects.filter(collection=other).values_list("barcode", flat=True)[:100])
    lines = [f"{code},2016-03-0{1 + n * 5 // len(shelf)} 10:00:00" for n, code in enumerate(shelf)]
    for code in strays:
        lines.insert(rng.randrange(len(lines)), code)
    for n in range(100):
        lines.insert(rng.randrange(len(lines)), f"X{n:09d}")
    for _ in range(50):
        lines.insert(rng.randrange(len(lines)), "\x00\x1b##")
    return "\n".join(lines) + "\n"


def import_file(collection: Any, other: Any, scans: int, seed: int) -> tuple[Any, dict[str, Any]]:
    from django.utils import timezone

    from shuyuan.shelving.services import import_reader_file, start_inventory

    text = reader_file(collection, other, scans, seed)
    inventory = start_inventory("基准清点", branch=collection.branch, collection=collection, at=timezone.now(), by=None)
    started = time.perf_counter()
    outcomes = import_reader_file(inventory, text, at=timezone.now(), by=None)
    seconds = time.perf_counter() - started
    refused = sum(1 for outcome in outcomes if not outcome.done)
    return inventory, {"lines": len(outcomes), "refused": refused, "seconds": round(seconds, 2)}


def time_report(inventory: Any, repeat: int) -> dict[str, Any]:
    from shuyuan.shelving.inventory import ITEM_COLUMNS, report, scope
    from shuyuan.shelving.models import InventoryScan

    runs, floors = [], []
    found = None
    for _ in range(repeat):
        started = time.perf_counter()
        items = list(scope(inventory).values_list(*ITEM_COLUMNS))
        scans = list(
            InventoryScan.objects.filter(inventory=inventory).values_list("item_id", "code", "line", "problem")
        )
        floors.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = report(inventory)
        runs.append(time.perf_counter() - started)
    assert found is not None
    return {
        "seconds_median": round(statistics.median(runs), 2),
        "seconds_max": round(max(runs), 2),
        "baseline_two_reads_seconds_median": round(statistics.median(floors), 2),
        "items_in_scope": len(items),
        "scans_kept": len(scans),
        "counted": {key: len(rows) for key, _title, rows in found.sections()},
        "expected": found.expected,
        "read": found.scanned,
    }


def print_table(results: dict[str, Any]) -> None:
    report, imported = results["report"], results["file_import"]
    target = f"< {TARGETS['inventory_report_s']} s"
    rows = [
        ("inventory report (median of runs)", f"{report['seconds_median']:.2f} s", target),
        ("  baseline: the two reads alone", f"{report['baseline_two_reads_seconds_median']:.2f} s", ""),
        ("  slowest run", f"{report['seconds_max']:.2f} s", ""),
        (f"handheld file import ({imported['lines']} lines)", f"{imported['seconds']:.2f} s", "(no target)"),
    ]  # fmt: skip
    print(f"shelving benchmark on {results['engine']} {results['engine_version']}: "
          f"{report['items_in_scope']} items, {report['scans_kept']} scans kept")  # fmt: skip
    for name, value, target in rows:
        print(f"  {name:<45} {value:>10}  {target}")
    print("  sections:", ", ".join(f"{key} {count}" for key, count in report["counted"].items()))


if __name__ == "__main__":
    main()
