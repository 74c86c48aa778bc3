"""One entry point for every MARC file: ISO 2709 or MARCXML, MARC21 or CNMARC, any encoding."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import BinaryIO

from pymarc import Record

from . import cnmarc, marc21
from .bib import Bib
from .encoding import Encoding
from .formats import MarcFormat
from .holdings import DEFAULT_MAPPINGS, HoldingsMapping, read_holdings
from .iso2709 import Iso2709Reader, ReadResult
from .marcxml import MarcXmlReader
from .problems import MarcProblem, Problem

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


class Syntax(StrEnum):
    ISO2709 = "iso2709"
    MARCXML = "marcxml"


class _Prefixed:
    """A binary stream with a few bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = head
        self.rest = rest

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.rest.read(size)
        if size < 0:
            data, self.head = self.head + self.rest.read(), b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        return data if len(data) == size else data + self.rest.read(size - len(data))


def sniff_syntax(head: bytes) -> Syntax:
    for bom in _BOMS:
        head = head.removeprefix(bom)
    return Syntax.MARCXML if head.lstrip()[:1] == b"<" else Syntax.ISO2709


def read_marc(
    stream: BinaryIO,
    *,
    syntax: Syntax | None = None,
    marc_format: MarcFormat | None = None,
    encoding: Encoding | None = None,
) -> Iterator[ReadResult]:
    """Every record of the stream in order, bad ones included (record None, problems say why)."""
    if syntax is None:
        head = stream.read(256)
        syntax = sniff_syntax(head)
        stream = _Prefixed(head, stream)  # type: ignore[assignment]
    if syntax is Syntax.MARCXML:
        return iter(MarcXmlReader(stream, marc_format=marc_format))
    return iter(Iso2709Reader(stream, marc_format=marc_format, encoding=encoding))


def to_bib(
    record: Record,
    marc_format: MarcFormat,
    mappings: dict[MarcFormat, tuple[HoldingsMapping, ...]] | None = None,
) -> Bib:
    """The fields the system uses, with the copies the record carries."""
    reader = cnmarc if marc_format is MarcFormat.CNMARC else marc21
    bib = reader.to_bib(record)
    chosen: Iterable[HoldingsMapping] = (mappings or DEFAULT_MAPPINGS).get(marc_format, ())
    bib.holdings = read_holdings(record, chosen, bib.call_number)
    return bib


def check_bib(bib: Bib, number: int, offset: int | None) -> list[MarcProblem]:
    """What the import must report about a readable record: no title (skipped), bad check digits (kept)."""
    problems = []
    if not bib.title.strip():
        problems.append(MarcProblem(number, offset, Problem.NO_TITLE, bib.control_number))
    problems.extend(MarcProblem(number, offset, Problem.INVALID_ISBN, isbn) for isbn in bib.invalid_isbns)
    if not bib.issn_is_valid:
        problems.append(MarcProblem(number, offset, Problem.INVALID_ISSN, bib.issn))
    return problems
