"""A streaming, forgiving ISO 2709 reader producing pymarc records.

Records are framed by the record terminator (0x1D), never by the length in the leader, so that
CR/LF between records, wrong record lengths and character-counted lengths do not derail the file.
Fields are located by the directory when its byte offsets are right, and by the field terminators
(0x1E) when an exporter counted characters instead of bytes. Every record that cannot be read is
reported with its number, byte offset and reason, and reading goes on with the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _
from pymarc import Field, Indicators, Leader, Record, Subfield

from .encoding import Encoding, EncodingSniffer, decode_marc8
from .formats import FormatSniffer, MarcFormat
from .problems import MarcProblem, MarcReadError, Problem

RECORD_TERMINATOR = b"\x1d"
FIELD_TERMINATOR = b"\x1e"
SUBFIELD_DELIMITER = b"\x1f"
LEADER_LENGTH = 24
ENTRY_LENGTH = 12
# What exporters put between records: line breaks, DOS end-of-file, NUL padding.
_JUNK_BETWEEN_RECORDS = b"\r\n\x00\x1a\t"
# A leader: record length, status, type and level letters, two codes, indicator and subfield-code
# counts, base address, and the entry map (MARC21 "4500", UNIMARC "450 "). Letters keep it from
# matching inside a directory's digits.
_LEADER = re.compile(rb"\d{5}[a-z][a-z][a-z ][\x20-\x7e]{2}22\d{5}[\x20-\x7e]{3}45[0 ][0 ]")
_BLOCK_SIZE = 1 << 20
LOOK_FOR_LEADER = 10  # pieces of a file read before deciding that it is not MARC at all


@dataclass(slots=True)
class ReadResult:
    """One record read from a file: the record, or None when it had to be skipped."""

    number: int
    offset: int | None
    record: Record | None
    marc_format: MarcFormat | None = None
    encoding: Encoding | None = None
    problems: list[MarcProblem] = field(default_factory=list)
    raw: bytes | None = None  # the record's own bytes when they are clean UTF-8 ISO 2709, for keeping as is

    @property
    def ok(self) -> bool:
        return self.record is not None


class _Skip(Exception):
    def __init__(self, reason: Problem, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def iter_chunks(stream: BinaryIO) -> Iterator[tuple[int, bytes, bool]]:
    """(byte offset, record bytes without terminator, terminated) for each record of a stream."""
    pending = b""
    offset = 0
    while block := stream.read(_BLOCK_SIZE):
        parts = (pending + block).split(RECORD_TERMINATOR)
        pending = parts.pop()
        for part in parts:
            yield from _trimmed(offset, part, True)
            offset += len(part) + 1
    yield from _trimmed(offset, pending, False)


def _trimmed(offset: int, part: bytes, terminated: bool) -> Iterator[tuple[int, bytes, bool]]:
    stripped = part.lstrip(_JUNK_BETWEEN_RECORDS)
    if stripped.rstrip(_JUNK_BETWEEN_RECORDS + b" "):
        yield offset + len(part) - len(stripped), stripped, terminated


def not_marc() -> MarcReadError:
    return MarcReadError(MarcProblem(0, None, Problem.NOT_MARC))


class Iso2709Reader:
    """Iterate over a binary stream of ISO 2709 records, yielding a ReadResult for each."""

    def __init__(
        self,
        stream: BinaryIO,
        *,
        marc_format: MarcFormat | None = None,
        encoding: Encoding | None = None,
    ) -> None:
        self.stream = stream
        self.formats = FormatSniffer(marc_format)
        self.encodings = EncodingSniffer(encoding)
        self.count = 0

    def __iter__(self) -> Iterator[ReadResult]:
        """The records; MarcReadError (NOT_MARC) when none of the first ``LOOK_FOR_LEADER`` pieces
        of the file holds a record leader: random bytes, a spreadsheet or a PDF is not read as
        pseudo-records, each "skipped", as if the import had worked."""
        held: list[ReadResult] = []
        found_leader = False
        for offset, chunk, terminated in iter_chunks(self.stream):
            if found_leader:
                yield from self._read_chunk(offset, chunk, terminated)
                continue
            found_leader = _LEADER.search(chunk) is not None
            held.extend(self._read_chunk(offset, chunk, terminated))
            if found_leader:
                yield from held
            elif self.count >= LOOK_FOR_LEADER:
                raise not_marc()
        if held and not found_leader:
            raise not_marc()

    def _read_chunk(self, offset: int, chunk: bytes, terminated: bool) -> Iterator[ReadResult]:
        self.count += 1
        number = self.count
        try:
            yield self._parse(number, offset, chunk, terminated)
        except _Skip as skip:
            embedded = _LEADER.search(chunk, LEADER_LENGTH)
            if embedded is None:
                problem = MarcProblem(number, offset, skip.reason, skip.detail)
                yield ReadResult(number, offset, None, problems=[problem])
                return
            # A record cut short and immediately followed by the next one: report the cut
            # record, then read the next one on its own.
            cut = embedded.start()
            detail = _("%(cut)d bytes, then the next record begins without a record terminator") % {"cut": cut}
            yield ReadResult(number, offset, None, problems=[MarcProblem(number, offset, Problem.TRUNCATED, detail)])
            yield from self._read_chunk(offset + cut, chunk[cut:], terminated)

    def _parse(self, number: int, offset: int, chunk: bytes, terminated: bool) -> ReadResult:
        try:
            return self._parse_whole(number, offset, chunk, terminated)
        except _Skip as skip:
            declared = int(chunk[:5]) if chunk[:5].isdigit() else 0
            if skip.reason is not Problem.TRUNCATED and (not terminated or len(chunk) + 1 < declared):
                detail = _("%(read)d of %(declared)d bytes; %(detail)s")
                raise _Skip(
                    Problem.TRUNCATED, detail % {"read": len(chunk), "declared": declared, "detail": skip.detail}
                ) from None
            raise

    def _parse_whole(self, number: int, offset: int, chunk: bytes, terminated: bool) -> ReadResult:
        leader, base = _read_leader(chunk)
        entries = _read_directory(chunk, base)
        data = chunk[base:]
        problems: list[MarcProblem] = []
        segments, counted_characters = _locate_fields(data, entries, terminated)
        if counted_characters:
            problems.append(MarcProblem(number, offset, Problem.CHARACTER_COUNTED_DIRECTORY))
        declared, actual = _declared_length(leader), len(chunk) + 1
        if not terminated and declared > actual:
            raise _Skip(Problem.TRUNCATED, _("the file ends %(count)d bytes early") % {"count": declared - actual})
        if declared != actual and not counted_characters:
            detail = _("the leader says %(declared)d bytes, the record has %(actual)d") % {
                "declared": declared,
                "actual": actual,
            }
            problems.append(MarcProblem(number, offset, Problem.WRONG_RECORD_LENGTH, detail))
        marc_format = self.formats.decide(tag for tag, _, _ in entries)
        encoding = self.encodings.decide(data, marc_format)
        if encoding is None:
            raise _Skip(Problem.INVALID_ENCODING, _("neither UTF-8 nor GB18030"))
        record = _build_record(leader, [tag for tag, _, _ in entries], segments, encoding)
        clean = encoding is Encoding.UTF8 and not problems and terminated
        return ReadResult(
            number, offset, record, marc_format, encoding, problems, chunk + RECORD_TERMINATOR if clean else None
        )


def _read_leader(chunk: bytes) -> tuple[str, int]:
    if len(chunk) < LEADER_LENGTH:
        raise _Skip(Problem.TRUNCATED, _("only %(count)d bytes") % {"count": len(chunk)})
    try:
        leader = chunk[:LEADER_LENGTH].decode("ascii")
    except UnicodeDecodeError:
        raise _Skip(Problem.BAD_LEADER, _("non-ASCII bytes in the leader")) from None
    base = chunk.find(FIELD_TERMINATOR, LEADER_LENGTH) + 1
    if base <= 0:
        raise _Skip(Problem.BROKEN_DIRECTORY, _("no end of directory"))
    # The base address counts ASCII leader and directory bytes, so exporters get it right even when
    # they count characters elsewhere; still, trust the directory terminator over the number.
    return leader, base


def _declared_length(leader: str) -> int:
    return int(leader[:5]) if leader[:5].isdigit() else -1


def _read_directory(chunk: bytes, base: int) -> list[tuple[str, int, int]]:
    directory = chunk[LEADER_LENGTH : base - 1]
    if len(directory) % ENTRY_LENGTH:
        detail = _("directory of %(count)d bytes is not made of 12-byte entries") % {"count": len(directory)}
        raise _Skip(Problem.BROKEN_DIRECTORY, detail)
    try:
        text = directory.decode("ascii")
    except UnicodeDecodeError:
        raise _Skip(Problem.BROKEN_DIRECTORY, _("non-ASCII bytes in the directory")) from None
    entries = []
    for start in range(0, len(text), ENTRY_LENGTH):
        entry = text[start : start + ENTRY_LENGTH]
        tag, length, position = entry[:3], entry[3:7], entry[7:]
        if not (tag.isalnum() and length.isdigit() and position.isdigit()):
            detail = _("entry %(number)d is %(entry)s") % {"number": start // ENTRY_LENGTH + 1, "entry": repr(entry)}
            raise _Skip(Problem.BROKEN_DIRECTORY, detail)
        entries.append((tag, int(length), int(position)))
    if not entries:
        raise _Skip(Problem.BROKEN_DIRECTORY, _("the directory is empty"))
    return entries


def _locate_fields(data: bytes, entries: list[tuple[str, int, int]], terminated: bool) -> tuple[list[bytes], bool]:
    """The raw bytes of each field, and whether the directory had to be bypassed."""
    segments = data.split(FIELD_TERMINATOR)
    tail = segments.pop()
    complete = len(segments) == len(entries) and not tail.strip(b" ")
    if complete and _directory_matches(segments, entries):
        return segments, False
    by_directory = _fields_by_directory(data, entries)
    if by_directory is not None:
        return by_directory, False
    if complete:
        return segments, True
    if len(segments) < len(entries) or not terminated:
        detail = _("the directory lists %(listed)d fields, %(found)d are complete")
        raise _Skip(Problem.TRUNCATED, detail % {"listed": len(entries), "found": len(segments)})
    detail = _("the directory lists %(listed)d fields, the data has %(found)d")
    raise _Skip(Problem.BROKEN_DIRECTORY, detail % {"listed": len(entries), "found": len(segments)})


def _directory_matches(segments: list[bytes], entries: list[tuple[str, int, int]]) -> bool:
    position = 0
    for segment, (_tag, length, start) in zip(segments, entries, strict=True):
        if start != position or length != len(segment) + 1:
            return False
        position += length
    return True


def _fields_by_directory(data: bytes, entries: list[tuple[str, int, int]]) -> list[bytes] | None:
    """Fields sliced by the directory's offsets (valid ISO 2709 may order data freely)."""
    fields = []
    for _tag, length, start in entries:
        end = start + length
        if length < 1 or end > len(data) or data[end - 1 : end] != FIELD_TERMINATOR:
            return None
        fields.append(data[start : end - 1])
    return fields


def _build_record(leader: str, tags: list[str], segments: list[bytes], encoding: Encoding) -> Record:
    if encoding is Encoding.MARC8:
        fields = [_marc8_field(tag, segment) for tag, segment in zip(tags, segments, strict=True)]
    else:
        codec = encoding.value
        try:
            texts = [segment.decode(codec) for segment in segments]
        except UnicodeDecodeError as error:
            detail = _("not valid %(codec)s at byte %(position)d") % {"codec": codec, "position": error.start}
            raise _Skip(Problem.INVALID_ENCODING, detail) from None
        fields = [make_field(tag, text) for tag, text in zip(tags, texts, strict=True)]
    record = Record()
    record.leader = Leader(leader)
    record.fields = fields
    return record


def is_control_tag(tag: str) -> bool:
    return tag < "010" and tag.isdigit()


def make_field(tag: str, text: str) -> Field:
    """A pymarc field from its decoded text: indicators then subfields, or a control field."""
    if is_control_tag(tag):
        return Field(tag=tag, data=text)
    head, *subfields = text.split("\x1f")
    indicators = Indicators(*(head + "  ")[:2])
    return Field(
        tag=tag,
        indicators=indicators,
        subfields=[Subfield(part[:1], part[1:]) for part in subfields if part],
    )


def _marc8_field(tag: str, segment: bytes) -> Field:
    if is_control_tag(tag):
        return Field(tag=tag, data=segment.decode("ascii", "replace"))
    head, *subfields = segment.split(SUBFIELD_DELIMITER)
    indicators = Indicators(*(head.decode("ascii", "replace") + "  ")[:2])
    return Field(
        tag=tag,
        indicators=indicators,
        subfields=[Subfield(part[:1].decode("ascii", "replace"), decode_marc8(part[1:])) for part in subfields if part],
    )
