"""One catalogue record as MARCXML (MARC21 or UNIMARC/CNMARC) or as simple Dublin Core."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from shuyuan.catalog.marc import Encoding, MarcFormat, read_marc, record_to_xml
from shuyuan.catalog.marc.crosswalk import bib_to_record, record_for_export
from shuyuan.catalog.models import Record
from shuyuan.catalog.records import bib_of

MARC_SLIM = "http://www.loc.gov/MARC21/slim"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"


def marcxml(record: Record, target: MarcFormat) -> str:
    """The record's MARCXML in ``target``: its own MARC field for field when the format is the one
    it came in, otherwise rebuilt from its fields."""
    source_format = MarcFormat(record.marc_format or MarcFormat.CNMARC)
    source = None
    if record.marc:
        for result in read_marc(io.BytesIO(bytes(record.marc)), marc_format=source_format, encoding=Encoding.UTF8):
            source = result.record
            break
    if source is None:
        source = bib_to_record(bib_of(record), source_format, entered=record.created_at.date())
    out = source
    if source_format is not target:
        out = record_for_export(source, source_format, target, holdings=None, entered=record.created_at.date())
    return record_to_xml(out).replace("<record>", f'<record xmlns="{MARC_SLIM}">', 1)


def dublin_core(record: Record, *, root: str = "oai_dc:dc") -> str:
    """Simple Dublin Core: title, creators, subjects, publisher, date, identifiers, language, type."""
    parts: list[tuple[str, str]] = [("title", record.title)]
    parts += [("creator", a) for a in record.authors.splitlines() if a.strip()] or (
        [("creator", record.responsibility)] if record.responsibility else []
    )
    parts += [("subject", s) for s in record.subjects.splitlines() if s.strip()]
    if record.clc:
        parts.append(("subject", f"CLC {record.clc}"))
    if record.summary:
        parts.append(("description", record.summary))
    if record.publisher:
        parts.append(("publisher", record.publisher))
    if record.year:
        parts.append(("date", str(record.year)))
    if record.isbn:
        parts.append(("identifier", f"ISBN {record.isbn}"))
    if record.issn:
        parts.append(("identifier", f"ISSN {record.issn}"))
    if record.language:
        parts.append(("language", record.language))
    parts.append(("type", "Text" if record.material_type in ("book", "serial", "") else record.material_type))
    body = "".join(f"<dc:{name}>{escape(value.strip())}</dc:{name}>" for name, value in parts if value.strip())
    return (
        f'<{root} xmlns:oai_dc="{OAI_DC}" xmlns:dc="{DC}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd">{body}</{root}>'
    )
