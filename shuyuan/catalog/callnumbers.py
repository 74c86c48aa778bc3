"""Call numbers (索书号) as Chinese libraries write them: CLC class / book number, and their shelf order.

The class part sorts as the CLC is arranged: letters, then the digits as a decimal fraction
(I247 < I247.5 < I25), the dot ignored; CLC's auxiliary marks keep their order after the digits.
The book number (种次号 or author number) after the slash sorts by its numbers, so 9 < 10 < 100.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+")
# CLC auxiliary marks in shelf order ("-" general divisions, "=" periods, "(" places, ...).
_MARKS = {"-": "1", "=": "2", "(": "3", ")": "4", '"': "5", "<": "6", ">": "7", ":": "8", "+": "9"}


def sort_key(call_number: str) -> str:
    """A string that sorts call numbers in shelf order."""
    text = call_number.strip().upper()
    if not text:
        return ""
    class_part, _, book_part = text.partition("/")
    return f"{_class_key(class_part.strip())} {_book_key(book_part.strip())}".rstrip()[:200]


def _class_key(class_part: str) -> str:
    key = []
    for ch in class_part:
        if ch == ".":
            continue
        if ch.isdigit() or ch.isalpha():
            key.append(ch)
        else:
            key.append("!" + _MARKS.get(ch, "0"))
    return "".join(key)


def _book_key(book_part: str) -> str:
    return _NUMBER.sub(lambda number: f"{int(number.group()):08d}", book_part)


def join(class_number: str, book_number: str) -> str:
    return "/".join(part.strip() for part in (class_number, book_number) if part and part.strip())
