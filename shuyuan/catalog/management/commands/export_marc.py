"""shuyuan export_marc OUT: the catalogue (or part of it) as MARC, streamed to a file or stdout."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shuyuan.catalog.exporting import ExportOptions, HoldingsMode, export_chunks
from shuyuan.catalog.marc import MarcFormat, Syntax
from shuyuan.catalog.models import Record


class Command(BaseCommand):
    help = "Export records as ISO 2709 or MARCXML, MARC21 or CNMARC, with their current copies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="file to write, or - for standard output")
        parser.add_argument("--format", default="cnmarc", choices=["cnmarc", "marc21"])
        parser.add_argument("--syntax", default="iso2709", choices=["iso2709", "marcxml"])
        parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gb18030"], help="ISO 2709 only")
        parser.add_argument("--holdings", default="items", choices=[mode.value for mode in HoldingsMode])
        parser.add_argument("--clc", default="", help="only records whose CLC class starts with this")
        parser.add_argument("--import-batch", type=int, default=0, help="only records of this import")

    def handle(self, *args: Any, out: str, **opts: Any) -> None:
        records = Record.objects.all()
        if opts["clc"]:
            records = records.filter(clc__startswith=opts["clc"])
        if opts["import_batch"]:
            records = records.filter(import_batch_id=opts["import_batch"])
        options = ExportOptions(
            marc_format=MarcFormat.parse(opts["format"]),
            syntax=Syntax(opts["syntax"]),
            encoding=opts["encoding"],
            holdings=HoldingsMode(opts["holdings"]),
        )
        target = sys.stdout.buffer if out == "-" else open(out, "wb")
        try:
            for chunk in export_chunks(records, options):
                target.write(chunk)
        finally:
            if target is not sys.stdout.buffer:
                target.close()
        if out != "-":
            self.stderr.write(f"{records.count()} records written to {out}")
