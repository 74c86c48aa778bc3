"""Between the MARC layer's Bib and the Record model: the columns a Bib fills, and a Bib read back."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import Any

from pymarc import Record as MarcRecord

from shuyuan.catalog.marc import Bib, Encoding, Holding, MarcFormat, MaterialType, read_marc, record_to_iso2709
from shuyuan.catalog.marc.crosswalk import bib_to_record
from shuyuan.catalog.marc.numbers import isbn_key
from shuyuan.catalog.marc.problems import MarcReadError
from shuyuan.catalog.models import Record
from shuyuan.catalog.search.documents import Document, of_record
from shuyuan.catalog.unicode_forms import stored_text

_LIMITS = {f.name: f.max_length for f in Record._meta.concrete_fields if f.max_length}


@dataclass(slots=True)
class Incoming:
    """A record on its way in: where it was in the file, its fields, its copies and its MARC."""

    number: int
    offset: int | None
    bib: Bib | None
    marc: bytes
    marc_format: MarcFormat
    problems: list[Any] = field(default_factory=list)
    fields: dict[str, Any] | None = None
    copies: list[Holding] | None = None
    document: Document | None = None

    def search_document(self) -> Document:
        """What the record's own fields put in the search index (computed once, in the reading
        process when reading runs aside: it is most of the index's work)."""
        if self.document is None:
            self.document = of_record(self.record_values())
        return self.document

    def record_values(self) -> dict[str, Any]:
        """The Record columns, computed once (in the reading process when reading runs aside)."""
        if self.fields is None:
            assert self.bib is not None
            self.fields = record_fields(self.bib)
        return self.fields

    @property
    def holdings(self) -> list[Holding]:
        if self.copies is not None:
            return self.copies
        return self.bib.holdings if self.bib is not None else []

    def __reduce__(self) -> tuple[Any, ...]:
        # Across processes only tuples of plain values travel: unpickling a Bib with its enums, or
        # even dicts and dataclasses, costs about as much as reading the record again.
        values = tuple(self.record_values().values())
        copies = [tuple(getattr(holding, name) for name in _HOLDING_FIELDS) for holding in self.holdings]
        document = self.document.pack() if self.document is not None else None
        return _lean_incoming, (self.number, self.offset, values, copies, self.marc, self.marc_format.value, document)


_HOLDING_FIELDS = tuple(f.name for f in dataclass_fields(Holding))


def _lean_incoming(
    number: int,
    offset: int | None,
    values: tuple[Any, ...],
    copies: list[tuple[str, ...]],
    marc: bytes,
    marc_format: str,
    document: tuple[Any, ...] | None,
) -> Incoming:
    return Incoming(
        number,
        offset,
        None,
        marc,
        MarcFormat(marc_format),
        fields=dict(zip(RECORD_COLUMNS, values, strict=True)),
        copies=[Holding(*copy) for copy in copies],
        document=Document.unpack(0, document) if document is not None else None,
    )


def clip(name: str, value: str) -> str:
    """A value cut to its column's length: PostgreSQL refuses longer strings, SQLite would keep them."""
    limit = _LIMITS.get(name)
    value = value.strip()
    return value[:limit] if limit else value


def record_fields(bib: Bib) -> dict[str, Any]:
    """The Record columns a Bib fills (not the MARC, the dates or the import)."""
    values: dict[str, Any] = {
        "control_number": bib.control_number,
        "title": bib.title,
        "other_titles": "\n".join(bib.other_titles),
        "responsibility": bib.responsibility,
        "authors": "\n".join(bib.authors),
        "isbn": bib.isbn,
        "isbn_key": isbn_key(bib.isbn),
        "issn": bib.issn,
        "edition": bib.edition,
        "publisher": bib.publisher,
        "romanised_responsibility": bib.romanised_responsibility,
        "romanised_publisher": bib.romanised_publisher,
        "place": bib.place,
        "pages": bib.pages,
        "price": bib.price,
        "series": "; ".join(bib.series),
        "clc": bib.clc,
        "call_number": bib.call_number,
        "subjects": "\n".join(bib.subjects),
        "summary": bib.summary,
        "language": bib.language,
    }
    values = {name: clip(name, stored_text(value)) for name, value in values.items()}
    values["year"] = bib.year if bib.year and 0 < bib.year < 32767 else None
    values["isbn_is_valid"] = bib.isbn_is_valid
    values["issn_is_valid"] = bib.issn_is_valid
    values["material_type"] = bib.material_type.value
    values["marc_format"] = bib.marc_format.value
    return values


def bib_of(record: Record) -> Bib:
    """What a stored record says, as a Bib (for records kept without MARC, and for exports)."""
    return Bib(
        marc_format=MarcFormat(record.marc_format or MarcFormat.CNMARC),
        control_number=record.control_number or str(record.pk or ""),
        title=record.title,
        other_titles=[t for t in record.other_titles.splitlines() if t],
        responsibility=record.responsibility,
        authors=record.author_list,
        isbns=[record.isbn] if record.isbn else [],
        invalid_isbns=[] if record.isbn_is_valid or not record.isbn else [record.isbn],
        issn=record.issn,
        issn_is_valid=record.issn_is_valid,
        edition=record.edition,
        publisher=record.publisher,
        romanised_responsibility=record.romanised_responsibility,
        romanised_publisher=record.romanised_publisher,
        place=record.place,
        year=record.year,
        pages=record.pages,
        price=record.price,
        series=[s for s in record.series.split("; ") if s],
        clc=record.clc,
        call_number=record.call_number,
        subjects=record.subject_list,
        language=record.language,
        material_type=MaterialType(record.material_type or MaterialType.BOOK),
        summary=record.summary,
    )


def marc_for(bib: Bib, marc_format: MarcFormat, *, entered: date) -> bytes:
    """MARC made for a record that came without any (a table row, the demo): UTF-8 ISO 2709."""
    bib.marc_format = marc_format
    return record_to_iso2709(bib_to_record(bib, marc_format, entered=entered), marc_format=marc_format)


RECORD_COLUMNS = tuple(record_fields(Bib(marc_format=MarcFormat.CNMARC)))


def stored_marc(record: Record) -> MarcRecord | None:
    """The record's kept MARC as a pymarc record (stored as UTF-8 ISO 2709), or None if it has none."""
    marc = bytes(record.marc or b"")
    if not marc:
        return None
    source = MarcFormat(record.marc_format or MarcFormat.CNMARC)
    try:
        for result in read_marc(io.BytesIO(marc), marc_format=source, encoding=Encoding.UTF8):
            if result.record is not None:
                return result.record
    except MarcReadError:
        return None  # kept bytes that are no MARC (an old row): the record is rebuilt from its columns
    return None
