"""shuyuan import_old_catalog FILE: records and copies from the old system's CSV or Excel export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shuyuan.catalog.errors import CatalogRefused
from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.management.commands._progress import ProgressBar
from shuyuan.catalog.management.commands.import_marc import add_placement_arguments, finish
from shuyuan.catalog.models import ImportBatch
from shuyuan.catalog.old_catalog import Column, guess_mapping, read_table


class Command(BaseCommand):
    help = "Convert the old system's catalogue from CSV or Excel (.xlsx): a column mapping, a dry run, a report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=HEADER",
            help=f"map a column ({', '.join(Column.values)}) to a header; unmapped ones are guessed",
        )
        parser.add_argument(
            "--barcode-prefix", default="", help="give copies without a new barcode one from this sequence"
        )
        parser.add_argument("--marc-format", default="cnmarc", choices=["cnmarc", "marc21"], help="MARC kept for them")
        add_placement_arguments(parser)

    def handle(self, *args: Any, file: str, **opts: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        mapping = self._mapping(path, opts["map"])
        options = ImportOptions(
            branch_code=opts["branch"],
            collection_code=opts["collection"],
            item_type_code=opts["item_type"],
            item_status=opts["status"],
            batch_size=opts["batch_size"],
            mapping=mapping,
            barcode_prefix=opts["barcode_prefix"],
            table_marc_format=opts["marc_format"],
        )
        self.stderr.write("mapping: " + ", ".join(f"{column}={header}" for column, header in mapping.items()))
        batch = queue_import(
            ImportBatch.Kind.TABLE,
            str(path.resolve()),
            file_name=path.name,
            options=options,
            dry_run=opts["dry_run"],
            at=timezone.now(),
            by=None,
        )
        bar = ProgressBar(0, stream=sys.stderr)
        batch = run_import(batch, by=None, on_progress=bar, parallel=True)
        bar.close()
        finish(self, batch, opts["report"])

    def _mapping(self, path: Path, pairs: list[str]) -> dict[str, str]:
        try:
            with path.open("rb") as stream:
                headers, _rows = read_table(stream, path.name)
        except CatalogRefused as refused:
            raise CommandError(str(refused)) from refused
        mapping = guess_mapping(headers)
        for pair in pairs:
            column, sep, header = pair.partition("=")
            if not sep or column not in Column.values:
                raise CommandError(
                    f"--map {pair}: expected COLUMN=HEADER with COLUMN one of {', '.join(Column.values)}"
                )
            mapping[column] = header
        return mapping
