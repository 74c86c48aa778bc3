"""shuyuan labels OUT.pdf: barcode and spine labels for scanned barcodes, an import, a receiving
batch or the work queue, on a configured sheet or roll, from any cell of a partly used sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.catalog import labels
from shuyuan.catalog.conf import catalog_settings
from shuyuan.catalog.errors import CatalogRefused
from shuyuan.catalog.queries_cataloguing import items_for_labels, library_name
from shuyuan.catalog.services_cataloguing import note_labels_printed


class Command(BaseCommand):
    help = "Print barcode and spine labels to a PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        sheets = [sheet.name for sheet in catalog_settings().label_sheets]
        parser.add_argument("out", help="the PDF to write")
        parser.add_argument("--barcodes", default="", help="a file of barcodes, one a line")
        parser.add_argument("--import-batch", type=int, default=0, help="every copy of this import")
        parser.add_argument("--reason", default="", help="the copies made with this reason (a receiving batch)")
        parser.add_argument("--queue", action="store_true", help="the work queue's copies waiting for labels")
        parser.add_argument("--kind", default="both", choices=[kind.value for kind in labels.Kind])
        parser.add_argument("--sheet", default=sheets[0], choices=sheets)
        parser.add_argument("--start", type=int, default=1, help="the first free cell of the sheet (1 = top left)")

    def handle(self, *args: Any, out: str, **opts: Any) -> None:
        barcodes: list[str] = []
        if opts["barcodes"]:
            barcodes = Path(opts["barcodes"]).read_text(encoding="utf-8-sig").split()
        items = items_for_labels(
            barcodes=barcodes, import_batch_id=opts["import_batch"] or None, reason=opts["reason"], queue=opts["queue"]
        )
        kind = labels.Kind(opts["kind"])
        pdf = labels.render(
            (labels.Label(item.barcode, item.call_number, item.record.title) for item in items),
            kind=kind, sheet=labels.sheet_named(opts["sheet"]), library_name=library_name(), start=opts["start"],
        )  # fmt: skip
        try:
            note_labels_printed(items, _kinds(kind), at=timezone.now(), by=None)
        except CatalogRefused as refused:
            raise CommandError(str(refused.reason.label)) from refused
        Path(out).write_bytes(pdf)
        self.stdout.write(_("%(count)d items' labels written to %(file)s") % {"count": len(items), "file": out})


def _kinds(kind: labels.Kind) -> list[str]:
    return ["barcode", "spine"] if kind is labels.Kind.BOTH else [kind.value]
