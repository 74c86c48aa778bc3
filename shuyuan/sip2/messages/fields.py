"""Field kinds and layout declarations: how one value is written, and how a message declares its layout."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar, cast, dataclass_transform

DEFAULT_ENCODING = "utf-8"


class ParseErrorReason(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNKNOWN_COMMAND = "unknown_command"
    TRUNCATED = "truncated"
    BAD_CHECKSUM = "bad_checksum"
    BAD_ENCODING = "bad_encoding"
    BAD_FIXED_FIELD = "bad_fixed_field"
    BAD_FIELD = "bad_field"
    MISSING_FIELD = "missing_field"


class ParseError(ValueError):
    """A message we cannot accept; ``reason`` says why, ``code`` and ``field`` say where."""

    def __init__(
        self, reason: ParseErrorReason, *, code: str | None = None, field: str | None = None, detail: str = ""
    ) -> None:
        self.reason = reason
        self.code = code
        self.field = field
        self.detail = detail
        where = " ".join(part for part in (code and f"message {code}", field and f"field {field}") if part)
        super().__init__(" ".join(part for part in (reason.value, where and f"({where})", detail) if part))


# --- field kinds -----------------------------------------------------------------------------------


class Kind:
    """How one field's value is written on the wire. ``width`` is set for fixed-width kinds."""

    width: int | None = None

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def format(self, value: Any) -> str:
        raise NotImplementedError


class Text(Kind):
    def parse(self, text: str) -> str:
        return text

    def format(self, value: str) -> str:
        # A value must never contain the field separator or the terminator (Koha escapes them too).
        return value.replace("|", "｜").replace("\r", " ").replace("\n", " ")


class Chars(Kind):
    """Exactly ``width`` characters, optionally from a set of ``allowed`` ones."""

    def __init__(self, width: int, allowed: str | None = None) -> None:
        self.width = width
        self.allowed = allowed

    def parse(self, text: str) -> str:
        if self.allowed is not None and any(c not in self.allowed for c in text):
            raise ValueError(f"expected characters from {self.allowed!r}")
        return text

    def format(self, value: str) -> str:
        if len(value) != self.width or (self.allowed is not None and any(c not in self.allowed for c in value)):
            raise ValueError(f"{value!r} does not fit a fixed field of width {self.width}")
        return value


class YesNo(Kind):
    """Y/N as a bool. As a variable field an empty value means "not said" (None)."""

    def __init__(self, width: int | None = 1) -> None:
        self.width = width

    def parse(self, text: str) -> bool | None:
        if text in ("Y", "y"):
            return True
        if text in ("N", "n"):
            return False
        if text == "" and self.width is None:
            return None
        raise ValueError("expected Y or N")

    def format(self, value: bool) -> str:
        return "Y" if value else "N"


class YesNoUnknown(Kind):
    """Magnetic media, desensitize: Y, N or U (unknown, None)."""

    width = 1

    def parse(self, text: str) -> bool | None:
        values: dict[str, bool | None] = {"Y": True, "N": False, "U": None}
        if text.upper() not in values:
            raise ValueError("expected Y, N or U")
        return values[text.upper()]

    def format(self, value: bool | None) -> str:
        return "U" if value is None else ("Y" if value else "N")


class OneZero(Kind):
    """The ``ok`` flags of responses: 1 or 0."""

    width = 1

    def parse(self, text: str) -> bool:
        if text not in ("0", "1"):
            raise ValueError("expected 1 or 0")
        return text == "1"

    def format(self, value: bool) -> str:
        return "1" if value else "0"


class Number(Kind):
    """Digits. With a width the number is zero-padded, and blanks (``blank_ok``) mean None."""

    def __init__(self, width: int | None = None, *, blank_ok: bool = False) -> None:
        self.width = width
        self.blank_ok = blank_ok

    def parse(self, text: str) -> int | None:
        if self.blank_ok and text.strip() == "":
            return None
        if not text.isascii() or not text.isdigit():
            raise ValueError("expected digits")
        return int(text)

    def format(self, value: int | None) -> str:
        if value is None:
            if not self.blank_ok or self.width is None:
                raise ValueError("a number is required")
            return " " * self.width
        text = str(value).zfill(self.width or 1)
        if value < 0 or (self.width is not None and len(text) > self.width):
            raise ValueError(f"{value} does not fit {self.width} digits")
        return text


class Amount(Kind):
    """A decimal amount written as free text, e.g. ``2.50``."""

    def parse(self, text: str) -> Decimal | None:
        if text.strip() == "":
            return None
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            raise ValueError("expected a decimal amount") from None
        if not value.is_finite():
            raise ValueError("expected a decimal amount")
        return value

    def format(self, value: Decimal) -> str:
        return format(value, "f")


_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})([ 0-9A-Z]{4})(\d{2})(\d{2})(\d{2})")
# Military time zone letters, the convention behind the spec's "Z for UTC, Q for Atlantic time".
_ZONE_HOURS = {
    **{letter: hours for hours, letter in enumerate("ABCDEFGHI", start=1)},
    **{letter: hours for hours, letter in enumerate("KLM", start=10)},
    **{letter: -hours for hours, letter in enumerate("NOPQRSTUVWXY", start=1)},
    "Z": 0,
}
_ZONE_LETTERS = {hours: letter for letter, hours in _ZONE_HOURS.items()}


def parse_date(text: str) -> datetime | None:
    """An 18-character SIP2 date; 18 blanks (or nothing) is None. Local time comes back naive."""
    if text.strip() == "":
        return None
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError("expected YYYYMMDDZZZZHHMMSS")
    year, month, day, zone, hour, minute, second = match.groups()
    zone_letter = zone.strip()[-1:]
    tz: tzinfo | None = None
    if zone_letter in _ZONE_HOURS:
        tz = timezone(timedelta(hours=_ZONE_HOURS[zone_letter]))
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=tz)


def format_date(value: datetime | None) -> str:
    """The 18-character form: naive means local time (four blanks), aware gets its zone letter."""
    if value is None:
        return " " * 18
    zone = "    "
    offset = value.utcoffset()
    if offset is not None:
        hours, rest = divmod(offset, timedelta(hours=1))
        if rest or hours not in _ZONE_LETTERS:
            value, hours = value.astimezone(UTC), 0
        zone = "   " + _ZONE_LETTERS[hours]
    return f"{value.year:04d}{value.month:02d}{value.day:02d}{zone}{value.hour:02d}{value.minute:02d}{value.second:02d}"


class Date(Kind):
    def __init__(self, width: int | None = 18) -> None:
        self.width = width

    def parse(self, text: str) -> datetime | None:
        return parse_date(text)

    def format(self, value: datetime | None) -> str:
        return format_date(value)


@dataclass(frozen=True)
class PatronStatus:
    """The 14 patron-status flags of 24, 26 and 64; on the wire Y is true and a blank false."""

    charge_privileges_denied: bool = False
    renewal_privileges_denied: bool = False
    recall_privileges_denied: bool = False
    hold_privileges_denied: bool = False
    card_reported_lost: bool = False
    too_many_items_charged: bool = False
    too_many_items_overdue: bool = False
    too_many_renewals: bool = False
    too_many_claims_of_items_returned: bool = False
    too_many_items_lost: bool = False
    excessive_outstanding_fines: bool = False
    excessive_outstanding_fees: bool = False
    recall_overdue: bool = False
    too_many_items_billed: bool = False


class PatronStatusKind(Kind):
    width = 14

    def parse(self, text: str) -> PatronStatus:
        # Some ILSes write N for false; only Y means true.
        if any(c not in "YyNn " for c in text):
            raise ValueError("expected Y or blank")
        names = [f.name for f in dataclasses.fields(PatronStatus)]
        return PatronStatus(**{name: c in "Yy" for name, c in zip(names, text, strict=True)})

    def format(self, value: PatronStatus) -> str:
        # not dataclasses.astuple, which deep-copies every flag (7 % of the event loop's time in a profile)
        return "".join("Y" if getattr(value, f.name) else " " for f in dataclasses.fields(value))


TEXT = Text()
YN = YesNo()
YNU = YesNoUnknown()
OK = OneZero()
DATE = Date()
COUNT = Number(4, blank_ok=True)
DIGITS = "0123456789"


# --- layout declarations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FixedSpec:
    name: str
    kind: Kind


@dataclass(frozen=True)
class VarSpec:
    id: str
    name: str
    kind: Kind
    required: bool  # always sent, even empty
    essential: bool  # a request without it cannot be served: parse error
    repeat: bool


def fixed(kind: Kind, default: Any) -> Any:
    return field(default=default, metadata={"sip2_fixed": kind})


def var(field_id: str, kind: Kind = TEXT, *, required: bool = False, essential: bool = False) -> Any:
    default = "" if isinstance(kind, Text) else None
    return field(default=default, metadata={"sip2_var": (field_id, kind, required, essential, False)})


def repeated(field_id: str) -> Any:
    return field(default=(), metadata={"sip2_var": (field_id, TEXT, False, False, True)})


def screen_messages() -> Any:
    return repeated("AF")


def print_lines() -> Any:
    return repeated("AG")


class Message:
    """Base of all messages: ``code`` is the two-digit command identifier, the layouts its fields."""

    code: ClassVar[str]
    fixed_layout: ClassVar[tuple[FixedSpec, ...]] = ()
    variable_layout: ClassVar[tuple[VarSpec, ...]] = ()


MESSAGE_TYPES: dict[str, type[Message]] = {}


@dataclass_transform(kw_only_default=True, frozen_default=True)
def shared_layout(cls: type[Message]) -> type[Message]:
    """A base class holding a layout that several messages share (12 and 30)."""
    return dataclass(frozen=True, kw_only=True)(cls)


@dataclass_transform(kw_only_default=True, frozen_default=True)
def message(code: str) -> Any:
    def register(cls: type[Message]) -> type[Message]:
        cls = shared_layout(cls)
        cls.code = code
        cls.fixed_layout = tuple(
            FixedSpec(f.name, f.metadata["sip2_fixed"])
            for f in dataclasses.fields(cast(Any, cls))
            if "sip2_fixed" in f.metadata
        )
        cls.variable_layout = tuple(
            VarSpec(f.metadata["sip2_var"][0], f.name, *f.metadata["sip2_var"][1:])
            for f in dataclasses.fields(cast(Any, cls))
            if "sip2_var" in f.metadata
        )
        MESSAGE_TYPES[code] = cls
        return cls

    return register


def fixed_fields(cls: type[Message]) -> tuple[FixedSpec, ...]:
    return cls.fixed_layout


def variable_fields(cls: type[Message]) -> tuple[VarSpec, ...]:
    return cls.variable_layout
