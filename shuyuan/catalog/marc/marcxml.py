"""Streaming MARCXML: read records one at a time from any size of file, and write them.

Reading uses expat directly, fed in blocks, so memory stays flat and each record's byte offset
is known for the report. Records are found by their content (leader, controlfield, datafield),
whatever their namespace (MARC21 slim, dp2's unimarcxml, none), and also inside an SRU
searchRetrieveResponse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, TextIO
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _
from pymarc import Field, Indicators, Leader, Record, Subfield

from .formats import FormatSniffer, MarcFormat
from .iso2709 import ReadResult, is_control_tag
from .problems import MarcProblem, Problem

MARC21_SLIM = "http://www.loc.gov/MARC21/slim"
_BLOCK_SIZE = 1 << 16
DEFAULT_LEADER = "     nam a22     za 4500"


class _RecordBuilder:
    __slots__ = ("fields", "has_content", "leader", "offset")

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.leader: str | None = None
        self.fields: list[Field] = []
        self.has_content = False


class MarcXmlReader:
    """Iterate over the MARC records of an XML stream, yielding a ReadResult for each."""

    def __init__(self, stream: BinaryIO, *, marc_format: MarcFormat | None = None) -> None:
        self.stream = stream
        self.formats = FormatSniffer(marc_format)
        self.count = 0
        self._stack: list[_RecordBuilder] = []
        self._text: list[str] | None = None
        self._field: tuple[str, str, str] | None = None
        self._subfields: list[Subfield] = []
        self._subfield_code = ""
        self._ready: list[ReadResult] = []

    def __iter__(self) -> Iterator[ReadResult]:
        parser = self._new_parser()
        try:
            while block := self.stream.read(_BLOCK_SIZE):
                parser.Parse(block, False)
                yield from self._drain()
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            yield from self._drain()
            self.count += 1
            detail = _("line %(line)d, column %(column)d: %(error)s") % {
                "line": error.lineno,
                "column": error.offset,
                "error": expat.ErrorString(error.code),
            }
            problem = MarcProblem(self.count, parser.CurrentByteIndex, Problem.MALFORMED_XML, detail)
            yield ReadResult(self.count, parser.CurrentByteIndex, None, problems=[problem])
            return
        yield from self._drain()

    def _drain(self) -> Iterator[ReadResult]:
        ready, self._ready = self._ready, []
        yield from ready

    def _new_parser(self) -> expat.XMLParserType:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        self._parser = parser
        return parser

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "record":
            self._stack.append(_RecordBuilder(self._parser.CurrentByteIndex))
        elif not self._stack:
            return
        elif local in ("leader", "controlfield", "subfield"):
            self._text = []
            self._subfield_code = attributes.get("code", " ")
            if local == "controlfield":
                self._field = (attributes.get("tag", "   "), "", "")
        elif local == "datafield":
            self._field = (attributes.get("tag", "   "), attributes.get("ind1", " "), attributes.get("ind2", " "))
            self._subfields = []

    def _characters(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _end(self, name: str) -> None:
        if not self._stack:
            return
        local = name.rpartition(" ")[2]
        builder = self._stack[-1]
        text = "".join(self._text) if self._text is not None else ""
        if local == "leader":
            builder.leader, builder.has_content = text, True
        elif local == "controlfield" and self._field:
            builder.fields.append(Field(tag=self._field[0], data=text))
            builder.has_content = True
        elif local == "subfield":
            self._subfields.append(Subfield(self._subfield_code, text))
        elif local == "datafield" and self._field:
            tag, ind1, ind2 = self._field
            indicators = Indicators(ind1[:1] or " ", ind2[:1] or " ")
            builder.fields.append(Field(tag=tag, indicators=indicators, subfields=self._subfields))
            builder.has_content = True
        elif local == "record":
            self._finish(self._stack.pop())
        if local in ("leader", "controlfield", "subfield"):
            self._text = None

    def _finish(self, builder: _RecordBuilder) -> None:
        if not builder.has_content:
            return  # an SRU wrapper <record>, whose MARC record was already taken
        self.count += 1
        record = Record()
        record.leader = Leader(_fit_leader(builder.leader))
        record.fields = builder.fields
        marc_format = self.formats.decide(f.tag for f in builder.fields)
        self._ready.append(ReadResult(self.count, builder.offset, record, marc_format))


def _fit_leader(leader: str | None) -> str:
    if not leader:
        return DEFAULT_LEADER
    return (leader + " " * 24)[:24]


def record_to_xml(record: Record) -> str:
    """One <record> element in the MARC21 slim schema, which CNMARC exchanges use as well."""
    parts = [f"<record>\n  <leader>{escape(str(record.leader))}</leader>\n"]
    for field in record.fields:
        if is_control_tag(field.tag):
            parts.append(f"  <controlfield tag={quoteattr(field.tag)}>{escape(field.data or '')}</controlfield>\n")
            continue
        ind1, ind2 = field.indicators or (" ", " ")
        parts.append(f"  <datafield tag={quoteattr(field.tag)} ind1={quoteattr(ind1)} ind2={quoteattr(ind2)}>\n")
        for code, value in field.subfields:
            parts.append(f"    <subfield code={quoteattr(code)}>{escape(_xml_safe(value))}</subfield>\n")
        parts.append("  </datafield>\n")
    parts.append("</record>\n")
    return "".join(parts)


def _xml_safe(value: str) -> str:
    # XML 1.0 forbids most C0 controls, which sloppy records sometimes carry.
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r") if not value.isprintable() else value


class MarcXmlWriter:
    """Write a <collection> of records to a text stream, one record at a time."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stream.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARC21_SLIM}">\n')

    def write(self, record: Record) -> None:
        self.stream.write(record_to_xml(record))

    def close(self) -> None:
        self.stream.write("</collection>\n")
