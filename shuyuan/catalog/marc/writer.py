"""Serialise pymarc records to ISO 2709 in UTF-8 (or GB18030 for legacy systems).

pymarc's own `as_marc()` always sets leader/09 to `a`; CNMARC leaves it blank, so the writer
sets it by format: `a` for MARC21 in UTF-8, blank for legacy encodings, and for CNMARC what the
record had (blank unless it came in as UTF-8 marked `a`), so that a round trip gives back the file.
"""

from __future__ import annotations

from typing import BinaryIO

from pymarc import Record

from .formats import MarcFormat
from .iso2709 import LEADER_LENGTH, is_control_tag

_FT = "\x1e"
_SF = "\x1f"


def field_text(field) -> str:
    """A field's content as ISO 2709 text, without its terminator."""
    if is_control_tag(field.tag):
        return field.data or ""
    ind1, ind2 = field.indicators or (" ", " ")
    return ind1 + ind2 + "".join(_SF + code + value for code, value in field.subfields)


def record_to_iso2709(record: Record, *, marc_format: MarcFormat, encoding: str = "utf-8") -> bytes:
    """The record in transmission format; lengths and offsets count bytes of `encoding`."""
    directory: list[bytes] = []
    data: list[bytes] = []
    position = 0
    for field in record.fields:
        encoded = (field_text(field) + _FT).encode(encoding)
        tag = field.tag.encode("ascii")
        directory.append(b"%s%04d%05d" % (tag, len(encoded), position))
        data.append(encoded)
        position += len(encoded)
    base = LEADER_LENGTH + 12 * len(directory) + 1
    length = base + position + 1
    leader = _leader_for(str(record.leader), marc_format, encoding)
    head = f"{length:05d}{leader[5:12]}{base:05d}{leader[17:]}".encode("ascii")
    return head + b"".join(directory) + _FT.encode() + b"".join(data) + b"\x1d"


def _leader_for(leader: str, marc_format: MarcFormat, encoding: str) -> str:
    leader = (leader + " " * LEADER_LENGTH)[:LEADER_LENGTH]
    leader = "".join(ch if " " <= ch <= "~" else " " for ch in leader)
    utf8 = encoding == "utf-8"
    if marc_format is MarcFormat.MARC21:
        coding = "a" if utf8 else " "
    else:
        coding = "a" if utf8 and leader[9] == "a" else " "
    entry_map = leader[20:24] if leader[20:24] in ("4500", "450 ") else "4500"
    return leader[:9] + coding + "22" + leader[12:20] + entry_map


class Iso2709Writer:
    """Write records one after the other to a binary stream."""

    def __init__(self, stream: BinaryIO, *, marc_format: MarcFormat, encoding: str = "utf-8") -> None:
        self.stream = stream
        self.marc_format = marc_format
        self.encoding = encoding

    def write(self, record: Record) -> None:
        self.stream.write(record_to_iso2709(record, marc_format=self.marc_format, encoding=self.encoding))
