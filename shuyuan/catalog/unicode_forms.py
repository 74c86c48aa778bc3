"""The one Unicode form the catalogue stores its text in, whatever the source: composed (NFC).

MARC-8 and LoC's UTF-8 records write an accented letter as the letter followed by a combining mark
(NFD: "o" + U+0304 for "ō"); a cataloguer's keyboard gives the composed letter. Stored in two forms,
one title would not equal, sort beside or find the other. Imports store what they read through
these functions, and so does the cataloguing editor when it saves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any


def stored_text(text: str) -> str:
    """``text`` as the catalogue stores it: Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def stored_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The same values with every string in the stored form (other values as they are)."""
    return {name: stored_text(value) if isinstance(value, str) else value for name, value in values.items()}
