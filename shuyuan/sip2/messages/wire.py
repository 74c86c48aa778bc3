"""Parsing bytes into messages and formatting messages into bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .definitions import RequestAcsResend, RequestScResend
from .fields import (
    DEFAULT_ENCODING,
    MESSAGE_TYPES,
    TEXT,
    FixedSpec,
    Message,
    ParseError,
    ParseErrorReason,
    fixed_fields,
    variable_fields,
)


@dataclass(frozen=True)
class Parsed:
    """A received message and its error-detection trailer (AY sequence number, AZ checksum)."""

    message: Message
    sequence: int | None
    has_checksum: bool


_CHECKSUM = re.compile(rb"AZ([0-9A-Fa-f]{0,4})\Z")
_SEQUENCE = re.compile(r"AY(\d)\Z")
_LINE_ENDS = b"\r\n"


def checksum(data: bytes) -> str:
    """The AZ value for ``data`` (everything from the command code up to and including ``AZ``)."""
    return f"{-sum(data) & 0xFFFF:04X}"


def parse_message(data: bytes, *, encoding: str = DEFAULT_ENCODING) -> Parsed:
    """One message (with or without its CR or CR LF) into its dataclass; ParseError if we cannot."""
    data = data.strip(_LINE_ENDS)
    if not data:
        raise ParseError(ParseErrorReason.EMPTY)
    code = data[:2].decode("ascii", errors="replace")
    has_checksum, data = _verify_checksum(data, code, encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ParseError(ParseErrorReason.BAD_ENCODING, code=code, detail=f"at byte {error.start}") from None
    sequence_match = _SEQUENCE.search(text)
    sequence = None
    if sequence_match is not None:
        sequence, text = int(sequence_match.group(1)), text[: sequence_match.start()]
    cls = MESSAGE_TYPES.get(code)
    if cls is None:
        reason = ParseErrorReason.TRUNCATED if len(text) < 2 else ParseErrorReason.UNKNOWN_COMMAND
        raise ParseError(reason, code=code if len(text) >= 2 else None)
    values, rest = _parse_fixed(cls, text[2:])
    fields = _split_fields(rest)
    values.update(_parse_variable(cls, fields))
    if sequence is None and "AY" in fields and fields["AY"][0].isdigit() and len(fields["AY"][0]) == 1:
        sequence = int(fields["AY"][0])  # a client that wrote "AY1|": the sequence number all the same
    return Parsed(cls(**values), sequence, has_checksum)


def _verify_checksum(data: bytes, code: str, encoding: str) -> tuple[bool, bytes]:
    match = _CHECKSUM.search(data)
    if match is None:
        return False, data
    digits, covered = match.group(1), data[: match.start() + 2]
    # Unpadded digits are accepted: some clients format the sum without zero padding.
    if not digits or not _sums_to_zero(covered, int(digits, 16), encoding):
        raise ParseError(ParseErrorReason.BAD_CHECKSUM, code=code, field="AZ")
    return True, data[: match.start()]


def _sums_to_zero(covered: bytes, value: int, encoding: str) -> bool:
    if (sum(covered) + value) & 0xFFFF == 0:
        return True
    # Some clients (the PyPI sip2 package among them) add up characters instead of bytes; the two
    # only differ when a value is not ASCII, and either sum still catches a garbled message.
    try:
        return (sum(map(ord, covered.decode(encoding))) + value) & 0xFFFF == 0
    except UnicodeDecodeError:
        return False


def _parse_fixed(cls: type[Message], text: str) -> tuple[dict[str, Any], str]:
    specs = fixed_fields(cls)
    if _date_left_out(specs, text):
        return {"transaction_date": None}, text
    values: dict[str, Any] = {}
    position = 0
    for spec in specs:
        width = spec.kind.width or 0
        chunk = text[position : position + width]
        if len(chunk) < width:
            raise ParseError(ParseErrorReason.TRUNCATED, code=cls.code, field=spec.name)
        try:
            values[spec.name] = spec.kind.parse(chunk)
        except ValueError as error:
            raise ParseError(
                ParseErrorReason.BAD_FIXED_FIELD, code=cls.code, field=spec.name, detail=str(error)
            ) from None
        position += width
    return values, text[position:]


def _date_left_out(specs: tuple[FixedSpec, ...], text: str) -> bool:
    """A message whose only fixed field is the date, starting straight with a variable field."""
    only_date = len(specs) == 1 and specs[0].name == "transaction_date"
    return only_date and len(text) >= 2 and text[:2].isalpha() and text[:2].isupper()


def _split_fields(text: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for chunk in text.split("|"):
        # Chunks too short to carry an ID are noise, like unknown IDs: ignored.
        if len(chunk) >= 2:
            fields.setdefault(chunk[:2], []).append(chunk[2:])
    return fields


def _parse_variable(cls: type[Message], fields: dict[str, list[str]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in variable_fields(cls):
        found = fields.get(spec.id)
        if not found:
            if spec.essential:
                raise ParseError(ParseErrorReason.MISSING_FIELD, code=cls.code, field=spec.id)
            continue
        try:
            # A field that should occur once but came twice: the first one counts.
            values[spec.name] = tuple(found) if spec.repeat else spec.kind.parse(found[0])
        except ValueError as error:
            raise ParseError(ParseErrorReason.BAD_FIELD, code=cls.code, field=spec.id, detail=str(error)) from None
    return values


# --- format ----------------------------------------------------------------------------------------


def message_text(msg: Message) -> str:
    """The message without trailer or terminator: code, fixed fields, variable fields in spec order."""
    cls = type(msg)
    parts = [cls.code]
    parts.extend(spec.kind.format(getattr(msg, spec.name)) for spec in fixed_fields(cls))
    for spec in variable_fields(cls):
        value = getattr(msg, spec.name)
        if spec.repeat:
            parts.extend(f"{spec.id}{TEXT.format(item)}|" for item in value)
        elif value is not None and (value != "" or spec.required):
            parts.append(f"{spec.id}{spec.kind.format(value)}|")
        elif spec.required:
            parts.append(f"{spec.id}|")
    return "".join(parts)


def format_message(
    msg: Message,
    *,
    encoding: str = DEFAULT_ENCODING,
    sequence: int | None = None,
    with_checksum: bool = False,
    terminator: bytes = b"\r",
) -> bytes:
    """The bytes to send: ``AY`` when ``sequence`` is given (never on 96/97), ``AZ`` on request."""
    text = message_text(msg)
    if sequence is not None and not isinstance(msg, (RequestAcsResend, RequestScResend)):
        if not 0 <= sequence <= 9:
            raise ValueError("a sequence number is one digit")
        text += f"AY{sequence}"
    # gb18030 and utf-8 encode every character; a legacy single-byte charset gets "?" instead.
    data = text.encode(encoding, errors="replace")
    if with_checksum:
        data += b"AZ"
        data += checksum(data).encode("ascii")
    return data + terminator
