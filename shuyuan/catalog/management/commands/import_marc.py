"""shuyuan import_marc FILE…: MARC records (ISO 2709 or MARCXML; MARC21 or CNMARC) into the catalogue."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.catalog.errors import Reason, reason_label
from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.management.commands._progress import ProgressBar
from shuyuan.catalog.models import ImportBatch, Item
from shuyuan.spreadsheets import write_rows


def add_placement_arguments(parser: CommandParser) -> None:
    parser.add_argument("--branch", default="", help="branch code for copies whose record names none")
    parser.add_argument("--collection", default="", help="collection code for copies whose record names none")
    parser.add_argument("--item-type", default="", help="item type code (default: the first, BOOK)")
    parser.add_argument(
        "--status", default=Item.Status.ON_SHELF, choices=Item.Status.values, help="status of new items"
    )
    parser.add_argument("--batch-size", type=int, default=500, help="records per committed batch")
    parser.add_argument("--dry-run", action="store_true", help="report what would happen, store nothing")
    parser.add_argument("--report", default="", help="write every problem to this CSV file")


def finish(command: BaseCommand, batch: ImportBatch, report: str) -> None:
    if report:
        write_report(batch, Path(report))
    summary = _(
        "%(file)s: %(read)d read, %(created)d imported, %(updated)d updated, %(skipped)d skipped, "
        "%(items)d items, %(problems)d problems, %(speed)s records/s"
    ) % {
        "file": batch.file_name,
        "read": batch.records_read,
        "created": batch.records_created,
        "updated": batch.records_updated,
        "skipped": batch.records_skipped,
        "items": batch.items_created,
        "problems": batch.problem_count,
        "speed": f"{batch.records_per_second:,.0f}",
    }
    if batch.is_dry_run:
        summary += _(" (dry run: nothing stored)")
    if batch.status == ImportBatch.Status.FAILED:
        raise CommandError(f"{summary}. {batch.error}")
    command.stdout.write(summary)
    for notice in batch.problems.filter(reason=Reason.NO_DEFAULTS):
        command.stdout.write(f"{reason_label(notice.reason)} ({notice.detail})")


def write_report(batch: ImportBatch, path: Path) -> None:
    header = ["number", "offset", "reason", "reason_text", "detail", "skipped"]
    rows = (
        [
            problem.number,
            problem.offset if problem.offset is not None else "",
            problem.reason,
            reason_label(problem.reason),
            problem.detail,
            "yes" if problem.skipped else "",
        ]
        for problem in batch.problems.order_by("number", "id").iterator()
    )
    with path.open("w", encoding="utf-8", newline="") as out:
        write_rows(out, itertools.chain([header], rows))


class Command(BaseCommand):
    help = "Import MARC files (ISO 2709 or MARCXML, MARC21 or CNMARC, UTF-8/GB18030/MARC-8) with their copies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--format", default="", choices=["", "marc21", "cnmarc", "unimarc"], help="default: detect")
        parser.add_argument(
            "--encoding", default="", choices=["", "utf-8", "gb18030", "marc-8"], help="default: detect"
        )
        parser.add_argument("--syntax", default="", choices=["", "iso2709", "marcxml"], help="default: detect")
        add_placement_arguments(parser)

    def handle(self, *args: Any, files: list[str], **opts: Any) -> None:
        options = ImportOptions(
            marc_format=opts["format"],
            encoding=opts["encoding"],
            syntax=opts["syntax"],
            branch_code=opts["branch"],
            collection_code=opts["collection"],
            item_type_code=opts["item_type"],
            item_status=opts["status"],
            batch_size=opts["batch_size"],
        )
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("%(file)s: no such file") % {"file": name})
            batch = queue_import(
                ImportBatch.Kind.MARC,
                str(path.resolve()),
                file_name=path.name,
                options=options,
                dry_run=opts["dry_run"],
                at=timezone.now(),
                by=None,
            )
            bar = ProgressBar(batch.file_size, stream=sys.stderr)
            batch = run_import(batch, by=None, on_progress=bar, parallel=True)
            bar.close()
            finish(self, batch, opts["report"])
