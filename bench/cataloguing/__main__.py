"""Cataloguing benchmark (issue 15): labels to PDF, the next 种次号 with eight cataloguers at once, and
saving a record from the editor with its re-indexing, each beside its baseline in the same run.

    python -m bench.cataloguing                                   # fresh SQLite file
    python -m bench.cataloguing --records 20000 --labels 10000 --saves 300
    scripts/with-postgres.sh .venv/bin/python -m bench.cataloguing

1. Labels: --labels barcode labels, as many spine labels, and --labels items with both, rendered by
   shuyuan.catalog.labels; baseline: the same barcode labels drawn by reportlab's own Code128
   flowable (one rect() call per bar). Target: 10 000 labels in under 10 s.
2. 种次号: 8 workers (threads of one process on SQLite, processes on PostgreSQL) each asking
   --draws times for the next number of one class through book_numbers.next_accession_number, and
   the whole assign_call_number; no duplicate, p99 per call; baseline: the same workers drawing
   barcodes from the barcode sequence row (catalog.barcodes). Target: p99 under 20 ms.
3. Saving a record: --saves saves of a changed title through services_cataloguing.save_record (form)
   and save_marc (tag editor), each re-indexing for search, in a catalogue of --records records;
   baseline: a bare UPDATE of the title and index_records. Target: p95 under 50 ms.

Results go to bench/results/cataloguing-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django
from bench.report import engine_version, latency, machine

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGETS = {"labels_10000_s": 10.0, "call_number_p99_ms": 20.0, "save_p95_ms": 50.0}
THREADS = 8  # cataloguers asking at once


def main() -> None:
    args = parse_arguments()
    setup_django("cataloguing")
    from django.db import connection

    results: dict[str, Any] = {
        "benchmark": "cataloguing",
        "engine": connection.vendor,
        "engine_version": engine_version(connection),
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),
        "arguments": vars(args),
        "targets": TARGETS,
    }
    results["labels"] = time_labels(args.labels)
    setting = fill(args.records)
    results["call_numbers"] = time_call_numbers(setting, args.draws)
    results["saves"] = time_saves(setting, args.saves)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"cataloguing-{results['engine']}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {path}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=int, default=10_000, help="labels of each kind rendered")
    parser.add_argument("--records", type=int, default=20_000, help="records in the catalogue")
    parser.add_argument("--draws", type=int, default=100, help="call numbers each of the 8 workers asks for")
    parser.add_argument("--saves", type=int, default=300, help="record saves timed per way")
    return parser.parse_args()


# ----------------------------------------------------------------------------- labels


def time_labels(count: int) -> dict[str, Any]:
    from shuyuan.catalog import labels
    from shuyuan.catalog.conf import DEFAULT_LABEL_SHEETS
    from shuyuan.pdf import cjk_font

    cjk_font()  # loading the font file is once per process, not per print run
    sheet = DEFAULT_LABEL_SHEETS[0]
    items = [labels.Label(f"LL{n:08d}", f"I247.5/{n % 997 + 1}:{n % 3 + 1}", "平凡的世界") for n in range(count)]
    measured: dict[str, Any] = {}
    for name, kind, chosen in (
        ("barcode", labels.Kind.BARCODE, items),
        ("spine", labels.Kind.SPINE, items),
        ("both_half_the_items", labels.Kind.BOTH, items[: count // 2]),
    ):
        started = time.perf_counter()
        pdf = labels.render(chosen, kind=kind, sheet=sheet, library_name="基准测试图书馆")
        seconds = time.perf_counter() - started
        labels_drawn = len(chosen) * (2 if kind is labels.Kind.BOTH else 1)
        measured[name] = {"labels": labels_drawn, "seconds": round(seconds, 2), "pdf_bytes": len(pdf)}
    started = time.perf_counter()
    pdf = baseline_barcode_labels(items, sheet)
    measured["baseline_reportlab_code128"] = {
        "labels": len(items), "seconds": round(time.perf_counter() - started, 2), "pdf_bytes": len(pdf),
    }  # fmt: skip
    return measured


def baseline_barcode_labels(items: list[Any], sheet: Any) -> bytes:
    """The plain way: reportlab's Code128 flowable drawn on each cell, a rect() per bar."""
    import io

    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from shuyuan.pdf import cjk_font

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(sheet.page_width_mm * mm, sheet.page_height_mm * mm))
    width = (sheet.page_width_mm - 2 * sheet.margin_left_mm - (sheet.columns - 1) * sheet.gap_x_mm) / sheet.columns
    height = (sheet.page_height_mm - 2 * sheet.margin_top_mm) / sheet.rows
    for index, item in enumerate(items):
        position = index % sheet.per_page
        if index and not position:
            canvas.showPage()
        row, column = divmod(position, sheet.columns)
        x = (sheet.margin_left_mm + column * (width + sheet.gap_x_mm)) * mm
        y = (sheet.page_height_mm - sheet.margin_top_mm - (row + 1) * height) * mm
        canvas.setFont(cjk_font(), 8)
        canvas.drawCentredString(x + width * mm / 2, y + height * mm - 9, "基准测试图书馆")
        Code128(item.barcode, barWidth=0.3 * mm, barHeight=height * mm * 0.5).drawOn(canvas, x + 4 * mm, y + 8)
        canvas.setFont("Helvetica", 7)
        canvas.drawCentredString(x + width * mm / 2, y + 2, item.barcode)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


# ----------------------------------------------------------------------------- data


def fill(records: int) -> dict[str, Any]:
    """A library, a collection, ``records`` records with one copy each (a tenth in class I247.5,
    carrying 种次号 up to a tenth of ``records``), all indexed for search."""
    from django.db import transaction
    from django.utils import timezone

    from shuyuan.branches.models import Branch, Library
    from shuyuan.catalog import callnumbers
    from shuyuan.catalog.models import Collection, Item, ItemType, Record
    from shuyuan.catalog.search import index_records

    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        library = Library.objects.create(code="BENCH", name="基准测试图书馆")
        branch = Branch.objects.create(library=library, code="BB01", name="总馆", kind=Branch.Kind.CENTRAL)
        collection = Collection.objects.create(branch=branch, code="BB01-ADULT", name="成人外借")
        book = ItemType.objects.get_or_create(code="BOOK", defaults={"name": "普通图书"})[0]
    for first in range(0, records, 5000):
        numbers = range(first, min(records, first + 5000))
        with transaction.atomic():
            made = Record.objects.bulk_create(
                Record(
                    title=f"基准图书{n}", responsibility=f"作者{n % 500}著", isbn="",
                    clc="I247.5" if n % 10 == 0 else "TP311",
                    call_number=f"I247.5/{n // 10 + 1}" if n % 10 == 0 else f"TP311/{n}", publisher="湖南人民出版社",
                    year=2000 + n % 17, language="chi", marc_format="cnmarc", created_at=now, updated_at=now,
                )
                for n in numbers
            )  # fmt: skip
            Item.objects.bulk_create(
                Item(
                    record=record, barcode=f"B{record.pk:09d}", item_type=book, collection=collection,
                    call_number=record.call_number, call_number_sort=callnumbers.sort_key(record.call_number),
                    home_branch=branch, current_branch=branch, status=Item.Status.ON_SHELF,
                    created_at=now, status_changed_at=now,
                )
                for record in made
            )  # fmt: skip
            index_records([record.pk for record in made])
    return {"branch": branch, "fill_seconds": round(time.perf_counter() - started, 1), "records": records}


# ----------------------------------------------------------------------------- call numbers


def run_together(work: Any, draws: int) -> tuple[list[float], list[Any], float]:
    """``work(index, step)`` ``draws`` times in each of 8 workers released at once, as 8 cataloguers'
    requests would be served: by the threads of one process on SQLite (waitress, SQLite's deployment),
    by separate web processes on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return run_in_threads(work, draws)
    return run_in_processes(work, draws)


def run_in_threads(work: Any, draws: int) -> tuple[list[float], list[Any], float]:
    import threading

    from django.db import connection

    barrier = threading.Barrier(THREADS)
    durations: list[float] = []
    values: list[Any] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        mine, got = [], []
        try:
            connection.ensure_connection()  # a cataloguer's request finds its connection open
            barrier.wait()
            for step in range(draws):
                started = time.perf_counter()
                got.append(work(index, step))
                mine.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()
        with lock:
            durations.extend(mine)
            values.extend(got)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return durations, values, time.perf_counter() - started


def run_in_processes(work: Any, draws: int) -> tuple[list[float], list[Any], float]:
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(THREADS)
    queue = context.Queue()

    def run(index: int) -> None:
        connections.close_all()
        connections["default"].ensure_connection()  # a web worker's connection is open already
        mine, got = [], []
        barrier.wait()
        for step in range(draws):
            started = time.perf_counter()
            got.append(work(index, step))
            mine.append((time.perf_counter() - started) * 1000)
        connections.close_all()
        queue.put((mine, got))

    workers = [context.Process(target=run, args=(index,)) for index in range(THREADS)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    durations: list[float] = []
    values: list[Any] = []
    for _ in workers:
        mine, got = queue.get()
        durations.extend(mine)
        values.extend(got)
    wall = time.perf_counter() - started
    for worker in workers:
        worker.join()
    return durations, values, wall


def time_call_numbers(setting: dict[str, Any], draws: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from shuyuan.catalog.barcodes import draw_barcodes
    from shuyuan.catalog.book_numbers import next_accession_number
    from shuyuan.catalog.models import Record
    from shuyuan.catalog.services_cataloguing import assign_call_number

    records = list(Record.objects.filter(clc="I247.5").order_by("pk")[: THREADS * draws])
    while len(records) < THREADS * draws:
        records.extend(records)

    def assign(index: int, step: int) -> str:
        return assign_call_number(records[index * draws + step], at=timezone.now(), by=None)

    durations, numbers, wall = run_together(assign, draws)

    def draw(index: int, step: int) -> int:
        return next_accession_number("I247.57")

    # A class's first draw makes its counter, starting after the highest number its copies carry (a
    # read of the class's call numbers, once per class ever): timed on its own, then the steady state.
    started = time.perf_counter()
    first_drawn = draw(0, 0)
    first_draw_ms = round((time.perf_counter() - started) * 1000, 2)
    draw_durations, drawn, draw_wall = run_together(draw, draws)
    drawn.append(first_drawn)
    alone = []
    for _ in range(THREADS * draws):
        started = time.perf_counter()
        draw(0, 0)
        alone.append((time.perf_counter() - started) * 1000)

    def barcode(index: int, step: int) -> str:
        with transaction.atomic(durable=True):
            return draw_barcodes("BENCH", 1)[0]

    base_durations, barcodes, base_wall = run_together(barcode, draws)
    return {
        "threads": THREADS,
        "draw": {
            "calls": len(drawn),
            "duplicates": len(drawn) - len(set(drawn)),
            "calls_per_second": round(len(drawn) / draw_wall, 1),
            "latency": latency(draw_durations),
            "one_thread_latency": latency(alone),
            "first_draw_of_a_class_ms": first_draw_ms,
        },
        "assign": {
            "calls": len(numbers),
            "duplicates": len(numbers) - len(set(numbers)),
            "calls_per_second": round(len(numbers) / wall, 1),
            "latency": latency(durations),
        },
        "baseline_barcode_sequence": {
            "duplicates": len(barcodes) - len(set(barcodes)),
            "calls_per_second": round(len(barcodes) / base_wall, 1),
            "latency": latency(base_durations),
        },
    }


# ----------------------------------------------------------------------------- saves


def time_saves(setting: dict[str, Any], saves: int) -> dict[str, Any]:
    from django.utils import timezone

    from shuyuan.catalog.marc import MarcFormat
    from shuyuan.catalog.marc.editing import to_text
    from shuyuan.catalog.models import Record
    from shuyuan.catalog.records import stored_marc
    from shuyuan.catalog.search import index_records
    from shuyuan.catalog.services_cataloguing import save_marc, save_record

    form = {
        "title": "平凡的世界", "responsibility": "路遥著", "authors": "路遥", "publisher": "人民文学出版社",
        "place": "北京", "year": 2012, "isbn": "9787020090587", "subjects": "长篇小说--中国--当代",
        "clc": "I247.5", "language": "chi", "material_type": "book",
    }  # fmt: skip
    record = save_record(None, form, marc_format=MarcFormat.CNMARC, at=timezone.now(), by=None)
    form_ms, marc_ms, base_ms = [], [], []
    for n in range(saves):
        started = time.perf_counter()
        record = save_record(
            record, {**form, "title": f"平凡的世界{n}"}, marc_format=MarcFormat.CNMARC, at=timezone.now(), by=None
        )
        form_ms.append((time.perf_counter() - started) * 1000)
    text = to_text(stored_marc(record))
    for n in range(saves):
        started = time.perf_counter()
        changed = text.replace(f"$a{record.title}", f"$a平凡的世界（修订）{n}")
        record = save_marc(record, changed, marc_format=MarcFormat.CNMARC, at=timezone.now(), by=None)
        marc_ms.append((time.perf_counter() - started) * 1000)
        text = to_text(stored_marc(record))
    from django.db import transaction

    for n in range(saves):
        started = time.perf_counter()
        with transaction.atomic(durable=True):
            Record.objects.filter(pk=record.pk).update(title=f"平凡的世界（基线）{n}", updated_at=timezone.now())
            index_records([record.pk])
        base_ms.append((time.perf_counter() - started) * 1000)
    return {
        "catalogue_records": setting["records"],
        "form": latency(form_ms),
        "tag_editor": latency(marc_ms),
        "baseline_update_and_index": latency(base_ms),
    }


def print_table(results: dict[str, Any]) -> None:
    labels, numbers, saves = results["labels"], results["call_numbers"], results["saves"]
    print(f"engine: {results['engine']} {results['engine_version']}, load average {results['load_average_at_start']}")
    print(f"{'measure':<46}{'value':>12}{'target':>12}")
    for name, row in labels.items():
        print(f"{'labels ' + name + ' (' + str(row['labels']) + ')':<46}{row['seconds']:>10.2f} s{'':>12}")
    draw, assign = numbers["draw"], numbers["assign"]
    print(f"{'next 种次号 drawn, 8 at once, p99':<44}{draw['latency']['p99_ms']:>10.2f} ms{'< 20 ms':>12}")
    print(f"{'  one cataloguer alone, p99':<46}{draw['one_thread_latency']['p99_ms']:>10.2f} ms")
    print(f"{'  first draw of a class never used':<46}{draw['first_draw_of_a_class_ms']:>10.2f} ms")
    print(f"{'  whole assign_call_number, p99':<46}{assign['latency']['p99_ms']:>10.2f} ms")
    base = numbers["baseline_barcode_sequence"]["latency"]["p99_ms"]
    print(f"{'  baseline: barcode sequence row, p99':<46}{base:>10.2f} ms")
    print(f"{'  duplicates':<46}{draw['duplicates'] + assign['duplicates']:>12}{'0':>12}")
    print(f"{'save from the form, p95':<46}{saves['form']['p95_ms']:>10.2f} ms{'< 50 ms':>12}")
    print(f"{'save from the tag editor, p95':<46}{saves['tag_editor']['p95_ms']:>10.2f} ms{'< 50 ms':>12}")
    print(f"{'  baseline: UPDATE + index_records, p95':<46}{saves['baseline_update_and_index']['p95_ms']:>10.2f} ms")


if __name__ == "__main__":
    main()
