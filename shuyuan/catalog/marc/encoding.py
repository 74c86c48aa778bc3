"""Decide a record's character encoding from its bytes.

Leader/09 cannot be trusted: CNMARC leaves it blank whatever the encoding, and pymarc then reads
UTF-8 or GBK Chinese as MARC-8, garbling every character without an error. So the bytes decide:
valid UTF-8 is UTF-8; MARC-8 announces its CJK and other graphic sets with escape sequences and
puts its diacritics (single high bytes) before ASCII letters; GBK/GB18030 Chinese comes in runs of
high bytes. A file is nearly always in one encoding, so a confident decision is remembered for the
ambiguous records that follow (a record with one short Chinese word is both valid GBK and MARC-8).
"""

from __future__ import annotations

import re
from enum import StrEnum

from .formats import MarcFormat


class Encoding(StrEnum):
    UTF8 = "utf-8"
    GB18030 = "gb18030"
    MARC8 = "marc-8"


_ESCAPE = b"\x1b"
# Two or more GBK characters in a row; MARC-8 never has four high bytes in a row in practice
# (at most two stacked combining diacritics before their ASCII base letter).
_HIGH_RUN = re.compile(rb"[\x80-\xff]{4,}")


def _is_gb18030(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class EncodingSniffer:
    """Per-file state: decides each record's encoding, remembering confident decisions."""

    def __init__(self, forced: Encoding | None = None) -> None:
        self.forced = forced
        self.learned: Encoding | None = None

    def decide(self, data: bytes, marc_format: MarcFormat) -> Encoding | None:
        """The encoding of a record's data bytes, or None when no encoding reads them."""
        if self.forced is not None:
            return self.forced
        if data.isascii():
            return Encoding.MARC8 if _ESCAPE in data else (self.learned or Encoding.UTF8)
        if _is_utf8(data):
            self.learned = Encoding.UTF8
            return Encoding.UTF8
        if _ESCAPE in data and marc_format is MarcFormat.MARC21:
            self.learned = Encoding.MARC8
            return Encoding.MARC8
        return self._decide_legacy(data, marc_format)

    def _decide_legacy(self, data: bytes, marc_format: MarcFormat) -> Encoding | None:
        gbk = _is_gb18030(data)
        if marc_format is not MarcFormat.MARC21:
            return Encoding.GB18030 if gbk else None
        if gbk and (_HIGH_RUN.search(data) or self.learned is Encoding.GB18030):
            self.learned = Encoding.GB18030
            return Encoding.GB18030
        return Encoding.MARC8


def decode_marc8(data: bytes) -> str:
    """MARC-8 to Unicode (NFC-composed by pymarc's converter)."""
    from pymarc.marc8 import marc8_to_unicode

    return marc8_to_unicode(data, hide_utf8_warnings=True)
