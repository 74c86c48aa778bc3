"""ID and phone numbers in free text: a block reason, a contact name, a note.

Staff type what they see; sometimes that is a reader's ID number or mobile number. Such a number in
a free-text field is stored and shown in full and copied into the append-only audit log, where the
erasure of the reader cannot reach it. Services that take free text refuse a text with such a
number (``has_personal_number``; the person retypes it without), and the audit log masks any that
reaches it anyway (``mask_personal_numbers``), as the masked forms of DESIGN.md 4a.

Found: an 18-character resident ID number (17 digits and a digit or X, with a plausible birth
date), an old 15-digit one, and a mainland mobile number (11 digits from 13–19, also written
``138 1234 5678`` or ``+86-138-1234-5678``). Full-width digits count too. Barcodes and card numbers
are shorter or do not have these shapes, so they pass.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_PATTERNS = (
    re.compile(rf"(?<![0-9A-Za-z])[1-9][0-9]{{5}}(?:18|19|20)[0-9]{{2}}{_DATE}[0-9]{{3}}[0-9Xx](?![0-9A-Za-z])"),
    re.compile(rf"(?<![0-9A-Za-z])[1-9][0-9]{{5}}[0-9]{{2}}{_DATE}[0-9]{{3}}(?![0-9A-Za-z])"),
    re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ \-]?)?1[3-9][0-9](?:[ \-]?[0-9]{4}){2}(?![0-9])"),
)


def _normal(text: str) -> str:
    # NFKC turns full-width digits and letters into ASCII; lengths of other characters may change,
    # which is why masking works on the normalised text.
    return unicodedata.normalize("NFKC", text or "")


def personal_numbers(text: str) -> list[str]:
    """The ID and mobile numbers written in ``text``, as written there (after NFKC)."""
    normal = _normal(text)
    return [m.group() for pattern in _PATTERNS for m in pattern.finditer(normal)]


def has_personal_number(text: str) -> bool:
    return bool(personal_numbers(text))


def mask_personal_numbers(text: str) -> str:
    """``text`` with each such number masked: its first three characters and last two stay."""
    if not text or not any(c.isdigit() for c in text):
        return text
    normal = masked = _normal(text)
    for pattern in _PATTERNS:
        masked = pattern.sub(_mask, masked)
    # Text without such a number comes back as it was, full-width punctuation and all.
    return text if masked == normal else masked


def _mask(match: re.Match[str]) -> str:
    number = match.group()
    digits = [i for i, c in enumerate(number) if c.isalnum()]
    keep = set(digits[:3] + digits[-2:])
    return "".join(c if i in keep or not c.isalnum() else "*" for i, c in enumerate(number))


def mask_in(value: Any) -> Any:
    """``value`` (a JSON-like structure) with personal numbers masked in every string in it."""
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {key: mask_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_in(item) for item in value]
    return value
