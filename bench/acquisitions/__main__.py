"""Acquisitions benchmark: receiving a vendor's shipment of 4 500 volumes (its MARC file and barcode
list matched against the order, records through the catalogue's importer, copies through
``create_items``, search indexing included) in one all-or-nothing transaction, beside the baseline of
the same file's bare MARC import through the catalogue's import pipeline, in the same run.

    python -m bench.acquisitions                      # 1 500 titles x 3 copies, fresh SQLite file
    python -m bench.acquisitions --titles 150         # small
    scripts/with-postgres.sh .venv/bin/python -m bench.acquisitions

Results go to bench/results/acquisitions-<engine>-<volumes>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.django_setup import setup_django
from bench.report import engine_version, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_SECONDS = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titles", type=int, default=1_500, help="titles in the shipment")
    parser.add_argument("--copies", type=int, default=3, help="copies of each title")
    args = parser.parse_args()
    setup_django("acquisitions")
    from django.db import connection
    from django.utils import timezone

    from shuyuan.acquisitions import services
    from shuyuan.acquisitions.models import Order
    from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
    from shuyuan.catalog.models import Item, Record
    from shuyuan.catalog.search import remove_records
    from shuyuan.testing.acquisitions import barcode_list, isbn13, make_fund, make_vendor, specs, vendor_marc
    from shuyuan.testing.catalog import make_collection

    now = timezone.now()
    isbns = [isbn13(n) for n in range(1, args.titles + 1)]
    marc = vendor_marc(isbns, title_of=lambda isbn: f"基准测试新书{isbn[-6:]}")
    barcodes = barcode_list(isbns, args.copies)
    folder = RESULTS.parent / "acquisitions"
    path = Path(connection.settings_dict["NAME"]).parent / "shipment.iso" if connection.vendor == "sqlite" else None
    path = path or Path(folder / "shipment.iso")
    path.write_bytes(marc)

    # Baseline: the same file through the catalogue's import pipeline (records only, no copies).
    batch = queue_import(
        "marc", str(path), file_name=path.name, options=ImportOptions(), dry_run=False, at=now, by=None
    )
    started = time.perf_counter()
    run_import(batch, by=None)
    baseline = time.perf_counter() - started
    imported = list(Record.objects.filter(import_batch=batch).values_list("pk", flat=True))
    remove_records(imported)
    Record.objects.filter(pk__in=imported).delete()

    # The shipment, received against its order.
    order = services.place_order(
        make_vendor(),
        make_fund("10000000.00"),
        specs(isbns, quantity=args.copies, collection=make_collection()),
        source=Order.Source.VENDOR_MARC,
        at=now,
        by=None,
    )
    started = time.perf_counter()
    received = services.receive_batch(order, marc, barcodes, at=now, by=None, file_name=path.name)
    seconds = time.perf_counter() - started
    assert received.volumes == args.titles * args.copies == Item.objects.count()
    results = {
        "benchmark": "acquisitions",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "titles": args.titles,
        "volumes": received.volumes,
        "receive_batch_seconds": round(seconds, 2),
        "volumes_per_second": round(received.volumes / seconds, 1),
        "baseline_marc_import_seconds": round(baseline, 2),
        "ratio_to_baseline": round(seconds / baseline, 2),
        "target_seconds": TARGET_SECONDS,
        "meets_target": seconds < TARGET_SECONDS,
        "machine": machine(),
    }
    print(f"{'what':<48} {'seconds':>8}")
    print(f"{'bare MARC import of the file (baseline)':<48} {baseline:>8.2f}")
    print(f"{'receive the shipment: ' + str(received.volumes) + ' volumes':<48} {seconds:>8.2f}")
    print(
        f"ratio {results['ratio_to_baseline']}x; target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if results['meets_target'] else 'NOT met'}"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"acquisitions-{connection.vendor}-{received.volumes}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
