"""A county library's catalogue as one MARC file: deterministic, streamed to disk, any size.

The records are the demo's (``shuyuan.catalog.demo_records``), written as CNMARC (or MARC21) with
one holdings field per copy (905 $a branch $b barcode $c collection $d/$e call number, or 852),
so that importing the file creates records and items like a library's migration does.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pymarc import Record

from shuyuan.catalog.demo_records import RecordMaker, holdings_for
from shuyuan.catalog.marc import DEFAULT_MAPPINGS, MarcFormat, MarcXmlWriter, record_to_iso2709
from shuyuan.catalog.marc.crosswalk import bib_to_record

ENTERED = date(2016, 1, 4)


def records_with_copies(records: int, *, seed: int, marc_format: MarcFormat) -> Iterator[Record]:
    """The records, each with one holdings field per copy (barcodes B000000001, ...)."""
    maker = RecordMaker(random.Random(seed))
    holdings_field = DEFAULT_MAPPINGS[marc_format][0]
    items = 0
    for kind, bib in maker.records(records):
        record = bib_to_record(bib, marc_format, entered=ENTERED)
        for holding in holdings_for(bib, kind, maker.copies(kind, bib)):
            items += 1
            holding.barcode = f"B{items:09d}"
            record.fields.append(holdings_field.write(holding))
        yield record


def write_marc(
    path: Path,
    records: int,
    *,
    seed: int = 20160707,
    marc_format: MarcFormat = MarcFormat.CNMARC,
    encoding: str = "utf-8",
    crlf: bool = False,
) -> tuple[int, int]:
    """Write `records` records as ISO 2709; returns (records, items)."""
    items = 0
    with path.open("wb") as out:
        for record in records_with_copies(records, seed=seed, marc_format=marc_format):
            items += sum(1 for field in record.fields if field.tag in ("905", "852"))
            out.write(record_to_iso2709(record, marc_format=marc_format, encoding=encoding))
            if crlf:
                out.write(b"\r\n")  # as many Chinese systems export
    return records, items


def write_marcxml(
    path: Path, records: int, *, seed: int = 20160707, marc_format: MarcFormat = MarcFormat.CNMARC
) -> int:
    with path.open("w", encoding="utf-8") as out:
        writer = MarcXmlWriter(out)
        for record in records_with_copies(records, seed=seed, marc_format=marc_format):
            writer.write(record)
        writer.close()
    return records
