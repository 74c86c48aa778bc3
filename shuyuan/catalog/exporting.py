"""MARC export of the whole catalogue or a selection, streamed a thousand records at a time."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet

from shuyuan.catalog.marc import (
    Encoding,
    Holding,
    MarcFormat,
    Syntax,
    mappings_from_settings,
    read_marc,
    record_to_iso2709,
)
from shuyuan.catalog.marc.crosswalk import bib_to_record, record_for_export
from shuyuan.catalog.marc.marcxml import MARC21_SLIM, record_to_xml
from shuyuan.catalog.models import Item, Record
from shuyuan.catalog.records import bib_of

CHUNK = 1000


class HoldingsMode(StrEnum):
    ITEMS = "items"  # one holdings field per current copy (905 in CNMARC, 852 in MARC21)
    SOURCE = "source"  # the holdings fields as they were imported
    NONE = "none"


@dataclass(frozen=True)
class ExportOptions:
    marc_format: MarcFormat = MarcFormat.CNMARC
    syntax: Syntax = Syntax.ISO2709
    encoding: str = "utf-8"
    holdings: HoldingsMode = HoldingsMode.ITEMS
    entered: date = date(2016, 1, 1)

    @property
    def file_extension(self) -> str:
        return "xml" if self.syntax is Syntax.MARCXML else ("iso" if self.marc_format is MarcFormat.CNMARC else "mrc")

    @property
    def content_type(self) -> str:
        return "application/marcxml+xml" if self.syntax is Syntax.MARCXML else "application/marc"


def export_chunks(records: QuerySet[Record], options: ExportOptions) -> Iterator[bytes]:
    """The export file, in pieces of about a thousand records (for a streaming response or a file)."""
    return _export(_record_chunks(records), options)


def export_search_result(text: str, options: ExportOptions) -> Iterator[bytes]:
    """The records a catalogue search finds, in its order, page after page."""
    return _export(_search_chunks(text), options)


def _search_chunks(text: str) -> Iterator[list[Record]]:
    from shuyuan.catalog.search import SearchQuery, search

    offset = 0
    while True:
        result = search(SearchQuery(text=text, offset=offset, limit=CHUNK, with_facets=False))
        if not result.record_ids:
            return
        found = Record.objects.in_bulk(result.record_ids)
        yield [found[pk] for pk in result.record_ids if pk in found]
        offset += len(result.record_ids)


def _export(chunks: Iterator[list[Record]], options: ExportOptions) -> Iterator[bytes]:
    if options.syntax is Syntax.MARCXML:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARC21_SLIM}">\n'.encode()
    mappings = mappings_from_settings(getattr(settings, "SHUYUAN_MARC_HOLDINGS", None))
    for chunk in chunks:
        holdings = _holdings_of(chunk) if options.holdings is HoldingsMode.ITEMS else {}
        parts = [_export_one(record, holdings.get(record.pk, []), options, mappings) for record in chunk]
        yield b"".join(parts)
    if options.syntax is Syntax.MARCXML:
        yield b"</collection>\n"


def _record_chunks(records: QuerySet[Record]) -> Iterator[list[Record]]:
    last = 0
    ordered = records.order_by("pk")
    while chunk := list(ordered.filter(pk__gt=last)[:CHUNK]):
        yield chunk
        last = chunk[-1].pk


def _holdings_of(chunk: list[Record]) -> dict[int, list[Holding]]:
    found: dict[int, list[Holding]] = defaultdict(list)
    items = (
        Item.objects.filter(record__in=[record.pk for record in chunk])
        .exclude(status=Item.Status.WITHDRAWN)
        .order_by("record_id", "pk")
        .values_list(
            "record_id",
            "barcode",
            "call_number",
            "home_branch__code",
            "collection__code",
            "item_type__code",
            "price",
            "shelving_location",
            "volume",
            "note",
        )
    )
    for record_id, barcode, call_number, branch, collection, item_type, price, location, volume, note in items:
        found[record_id].append(
            Holding(
                barcode=barcode,
                call_number=call_number,
                branch_code=branch,
                collection_code=collection,
                item_type_code=item_type,
                price=str(price) if price is not None else "",
                location=location,
                volume=volume,
                note=note,
            )
        )
    return found


def _export_one(record: Record, holdings: list[Holding], options: ExportOptions, mappings: dict) -> bytes:
    source_format = MarcFormat(record.marc_format or MarcFormat.CNMARC)
    if _verbatim(record, source_format, options):
        return bytes(record.marc)
    source = _source_record(record, source_format, options)
    out = record_for_export(
        source,
        source_format,
        options.marc_format,
        entered=options.entered,
        mappings=mappings,
        holdings=None if options.holdings is HoldingsMode.SOURCE else holdings,
    )
    if options.syntax is Syntax.MARCXML:
        return record_to_xml(out).encode()
    return record_to_iso2709(out, marc_format=options.marc_format, encoding=options.encoding)


def _verbatim(record: Record, source_format: MarcFormat, options: ExportOptions) -> bool:
    """The stored bytes are the answer: same format, UTF-8 ISO 2709, holdings as imported."""
    return (
        bool(record.marc)
        and source_format is options.marc_format
        and options.syntax is Syntax.ISO2709
        and options.encoding == "utf-8"
        and options.holdings is HoldingsMode.SOURCE
    )


def _source_record(record: Record, source_format: MarcFormat, options: ExportOptions):
    marc = bytes(record.marc or b"")
    if marc:
        for result in read_marc(io.BytesIO(marc), marc_format=source_format, encoding=Encoding.UTF8):
            if result.record is not None:
                return result.record
    return bib_to_record(bib_of(record), source_format, entered=options.entered)
