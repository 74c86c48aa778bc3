"""ISBN and ISSN as catalogues write them: with hyphens, qualifiers and sometimes wrong check digits."""

from __future__ import annotations

import re

from stdnum import isbn as stdnum_isbn  # formatting only
from stdnum import issn as stdnum_issn

_ISBN_SHAPE = re.compile(r"(?:97[89][\s-]?)?\d[\d\s-]{7,15}[\dXx]")
_ISSN_SHAPE = re.compile(r"\d{4}-?\d{3}[\dXx]")


def clean_isbn(raw: str) -> str:
    """The ISBN digits of a subfield such as '978-7-5037-1744-4 (精装)', or '' if none."""
    found = _ISBN_SHAPE.search(raw)
    if not found:
        return ""
    digits = re.sub(r"[\s-]", "", found.group()).upper()
    return digits if len(digits) in (10, 13) else ""


def isbn_is_valid(isbn: str) -> bool:
    """The check digit of an ISBN-10 or ISBN-13 is right (plain arithmetic: imports check millions)."""
    if len(isbn) == 13 and isbn.isdigit():
        return isbn.startswith(("978", "979")) and _isbn13_check(isbn[:12]) == isbn[12]
    if len(isbn) == 10 and isbn[:9].isdigit() and (isbn[9].isdigit() or isbn[9] in "Xx"):
        return _isbn10_check(isbn[:9]) == isbn[9].upper()
    return False


def _isbn13_check(first12: str) -> str:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first12))
    return str((10 - total % 10) % 10)


def _isbn10_check(first9: str) -> str:
    remainder = (11 - sum(int(digit) * (10 - index) for index, digit in enumerate(first9)) % 11) % 11
    return "X" if remainder == 10 else str(remainder)


def isbn_key(isbn: str) -> str:
    """The form used to match records: ISBN-13 when the check digit is right, else as written."""
    cleaned = clean_isbn(isbn)
    if len(cleaned) == 10 and isbn_is_valid(cleaned):
        return "978" + cleaned[:9] + _isbn13_check("978" + cleaned[:9])
    return cleaned


def format_isbn(isbn: str) -> str:
    """Hyphenated for display when valid; as written otherwise."""
    return stdnum_isbn.format(isbn) if isbn_is_valid(isbn) else isbn


def clean_issn(raw: str) -> str:
    found = _ISSN_SHAPE.search(raw)
    if not found:
        return ""
    digits = found.group().replace("-", "").upper()
    return f"{digits[:4]}-{digits[4:]}"


def issn_is_valid(issn: str) -> bool:
    return bool(issn) and stdnum_issn.is_valid(issn)
