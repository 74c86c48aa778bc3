"""Copy cataloguing: search the configured SRU servers, put their records beside ours, and bring the
chosen one in through the catalogue's import service (so it is matched, stored, audited and
indexed like any imported record: a record copied again updates the first copy).

The other library's copies are not ours: its holdings fields (9xx, 852, and non-numeric tags such
as Alma's AVA/OWN) are taken off before the record is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymarc import Record as MarcRecord

from shuyuan.catalog import services
from shuyuan.catalog.marc import MarcFormat, record_to_iso2709, to_bib
from shuyuan.catalog.marc.numbers import isbn_key
from shuyuan.catalog.models import ImportBatch, Record
from shuyuan.catalog.placement import Placement
from shuyuan.catalog.records import Incoming
from shuyuan.catalog.search import Field, SearchQuery, records, search

from . import cql
from .client import RemoteRecord, SruError, SruResult, search_retrieve
from .servers import SruServer

_LOCAL_TAGS = ("852",)


@dataclass
class Comparison:
    remote: RemoteRecord
    ours: list[Record] = field(default_factory=list)


@dataclass
class CopySearch:
    server: SruServer
    query: str
    result: SruResult | None = None
    error: str = ""
    rows: list[Comparison] = field(default_factory=list)


def find(server: SruServer, *, isbn: str = "", title: str = "", author: str = "", start: int = 1) -> CopySearch:
    """The server's records for the fields given, each beside our records of the same ISBN or title."""
    query = cql.build(dict(server.indexes), isbn=isbn, title=title, author=author)
    found = CopySearch(server, query)
    if not query:
        return found
    try:
        found.result = search_retrieve(server, query, start=start)
    except SruError as error:
        found.error = str(error)
        return found
    found.rows = [Comparison(remote, ours_for(remote)) for remote in found.result.records]
    return found


def ours_for(remote: RemoteRecord, limit: int = 3) -> list[Record]:
    """Our records of the same ISBN, or else of the same title."""
    bib = remote.bib
    for isbn in bib.isbns:
        if isbn_key(isbn):
            hits = search(SearchQuery(isbn, field=Field.ISBN, limit=limit, with_facets=False))
            if hits.record_ids:
                return records(hits)
    if not bib.title:
        return []
    hits = search(SearchQuery(bib.title, field=Field.TITLE, limit=limit, with_facets=False))
    return records(hits)


def without_local_fields(record: MarcRecord) -> MarcRecord:
    copy = MarcRecord()
    copy.leader = record.leader
    copy.fields = [
        f for f in record.fields if f.tag.isdigit() and not f.tag.startswith("9") and f.tag not in _LOCAL_TAGS
    ]
    return copy


def import_remote(record: MarcRecord, marc_format: MarcFormat, *, source: str, at: datetime, by: Any) -> Record:
    """Store a record copied from another catalogue, as a one-record import named after its source."""
    record = without_local_fields(record)
    bib = to_bib(record, marc_format)
    bib.holdings = []
    incoming = Incoming(1, None, bib, record_to_iso2709(record, marc_format=marc_format), marc_format)
    batch = services.create_import(
        ImportBatch.Kind.MARC, file_name=source, path="", file_size=0,
        options={"source": "sru"}, dry_run=False, at=at, by=by,
    )  # fmt: skip
    batch = services.start_import(batch, at=at, by=by)
    outcome = services.store_records(batch, [incoming], [], placement=Placement.load(), position=None, at=at, by=by)
    services.finish_import(batch, at=at, by=by)
    return Record.objects.get(pk=outcome.record_ids[0])
