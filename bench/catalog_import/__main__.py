"""MARC import benchmark: a county library's catalogue as one MARC file, imported end to end.

    python -m bench.catalog_import --records 300000        # county scale (about 2 minutes here)
    python -m bench.catalog_import --records 5000          # small
    scripts/with-postgres.sh .venv/bin/python -m bench.catalog_import --records 20000

Steps: generate the file (deterministic CNMARC with 905 copies), time the reader alone (and pymarc
alone for reference) on it, then run `shuyuan import_marc` on it in a child process against a fresh
database (SQLite in WAL with synchronous=FULL unless DATABASE_URL names PostgreSQL): parsing,
mapping, storing records and items, the search index, in committed batches. Reports records per
second end to end, its ratio to the reader alone, and the import's peak memory (the child's maximum
resident set). Results go to bench/results/catalog_import-<engine>-<records>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent.parent / "results"
TARGET_RATE = 3000


def main() -> None:
    args = parse_arguments()
    folder = Path(tempfile.mkdtemp(prefix="bench-catalog-import-"))
    environment = database_environment(folder)
    setup_django(environment)
    from bench.catalog_import.generator import write_marc

    path = folder / "county.iso"
    started = time.perf_counter()
    records, items = write_marc(path, args.records, seed=args.seed, encoding=args.encoding)
    generated = time.perf_counter() - started
    reader_rate, pymarc_rate = time_readers(path, args.records)
    prepare_database()
    end_to_end, peak_kib, output = run_import(path, environment, args.batch_size)
    index_rate = time_search_index()
    results = {
        "benchmark": "catalog_import",
        "engine": engine_name(),
        "records": records,
        "items": items,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "encoding": args.encoding,
        "batch_size": args.batch_size,
        "generate_seconds": round(generated, 2),
        "reader_alone_records_per_second": round(reader_rate),
        "pymarc_alone_records_per_second": round(pymarc_rate),
        "end_to_end_seconds": round(end_to_end, 2),
        "end_to_end_records_per_second": round(records / end_to_end),
        "ratio_to_reader_alone": round(records / end_to_end / reader_rate, 3),
        "search_index_alone_records_per_second": round(index_rate) if index_rate else None,
        "peak_memory_mb": round(peak_kib / 1024, 1),
        "target_records_per_second": TARGET_RATE,
        "command_summary": output.strip().splitlines()[-1] if output.strip() else "",
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    print_summary(results)
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"catalog_import-{results['engine']}-{records}.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {target}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=300_000, help="records in the generated file")
    parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gb18030"])
    parser.add_argument("--batch-size", type=int, default=500, help="records per committed batch")
    parser.add_argument("--seed", type=int, default=20160707)
    return parser.parse_args()


def database_environment(folder: Path) -> dict[str, str]:
    environment = dict(os.environ)
    if not environment.get("DATABASE_URL"):
        environment["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    environment.setdefault("SHUYUAN_VAR", str(folder / "var"))
    environment.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    environment.setdefault("SHUYUAN_LOG_LEVEL", "WARNING")
    return environment


def setup_django(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def engine_name() -> str:
    from django.db import connection

    return connection.vendor


def time_readers(path: Path, records: int) -> tuple[float, float]:
    """Records per second of our reader with the mapping to the system's fields, and of pymarc alone."""
    import pymarc

    from shuyuan.catalog.marc import read_marc, to_bib

    started = time.perf_counter()
    with path.open("rb") as stream:
        for result in read_marc(stream):
            if result.record is not None and result.marc_format is not None:
                to_bib(result.record, result.marc_format)
    ours = records / (time.perf_counter() - started)
    started = time.perf_counter()
    with path.open("rb") as stream:
        for _record in pymarc.MARCReader(stream, to_unicode=True, force_utf8=True):
            pass
    return ours, records / (time.perf_counter() - started)


def prepare_database() -> None:
    """The central library and the collections the file's 905 fields name (LL01-WJ, LL01-SE, ...)."""
    from django.db import connections

    from shuyuan.branches.models import Branch, Library
    from shuyuan.catalog.demo import COLLECTIONS
    from shuyuan.catalog.models import Collection

    library = Library.objects.create(code="LLLIB", name="醴陵市图书馆")
    central = Branch.objects.create(library=library, code="LL01", name="醴陵市图书馆总馆", kind=Branch.Kind.CENTRAL)
    for code, name, branch, location in COLLECTIONS:
        if branch == "LL01":
            Collection.objects.create(code=code, name=name, branch=central, shelving_location=location)
    connections.close_all()


def run_import(path: Path, environment: dict[str, str], batch_size: int) -> tuple[float, int, str]:
    command = [sys.executable, "-m", "shuyuan", "import_marc", str(path), "--batch-size", str(batch_size)]
    started = time.perf_counter()
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if finished.returncode != 0:
        sys.stderr.write(finished.stdout + finished.stderr)
        raise SystemExit("the import failed")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return elapsed, peak, finished.stdout


def time_search_index() -> float | None:
    """Records per second of the search index alone, re-indexing what the import stored."""
    from importlib.util import find_spec

    if find_spec("shuyuan.catalog.search") is None:
        return None
    from django.db import transaction

    from shuyuan.catalog.models import Record
    from shuyuan.catalog.search import index_records

    ids = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            index_records(ids[start : start + 500])
    return len(ids) / (time.perf_counter() - started)


def print_summary(results: dict[str, Any]) -> None:
    out = io.StringIO()
    out.write(
        f"{results['records']:,} records, {results['items']:,} items, {results['file_mb']} MB, {results['engine']}\n"
    )
    out.write(f"  reader alone (parse + map)   {results['reader_alone_records_per_second']:>8,} records/s\n")
    out.write(f"  pymarc alone (parse)         {results['pymarc_alone_records_per_second']:>8,} records/s\n")
    out.write(
        f"  import end to end            {results['end_to_end_records_per_second']:>8,} records/s"
        f"  (ratio to reader {results['ratio_to_reader_alone']}, target {TARGET_RATE:,})\n"
    )
    if results["search_index_alone_records_per_second"]:
        out.write(f"  search index alone (reindex) {results['search_index_alone_records_per_second']:>8,} records/s\n")
    out.write(f"  peak memory of the import    {results['peak_memory_mb']:>8} MB\n")
    print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
