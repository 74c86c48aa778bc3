"""Call numbers (索书号) as Chinese libraries write them: CLC class / book number, and their shelf order.

The class part sorts as the CLC is arranged: letters, then the digits as a decimal fraction
(I247 < I247.5 < I25), the dot ignored; the auxiliary marks come before the next digit
(TP3-53 < TP30), in the order of the CLC's auxiliary tables: - ( = " < then : and +. Latin letters
after the digits (TP312BA, older editions' language names) sort after the digits.
The book number (种次号 or author number) after the slash sorts by its numbers, so 9 < 10 < 100,
and a volume or copy part (:2, =2) after its bare number. Full-width characters, lower case and
spaces typed into older systems make the same key as the plain form.

This key is the one shelf order of the system: lists, labels, the inventory and the OPAC's shelf
browse sort by it (``Item.call_number_sort``).
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = re.compile(r"\d+")
# CLC auxiliary marks in shelf order ("-" general divisions, "(" places, "=" periods, '"' peoples,
# "<" common times and places, ":" combination, "+" joining); a closing mark sorts first of all.
_MARKS = {")": "0", ">": "0", "-": "1", "(": "2", "=": "3", '"': "4", "<": "5", ":": "6", "+": "7"}


def normal_form(call_number: str) -> str:
    """The call number as the catalogue writes it: half-width, upper case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", call_number).upper().split())


def sort_key(call_number: str) -> str:
    """A string that sorts call numbers in shelf order."""
    text = normal_form(call_number)
    if not text:
        return ""
    class_part, _, book_part = text.partition("/")
    return f"{_class_key(class_part)} {_book_key(book_part)}".rstrip()[:200]


def _class_key(class_part: str) -> str:
    key = []
    for ch in class_part:
        if ch == ".":
            continue
        if ch.isdigit() or ch.isalpha():
            key.append(ch)
        else:
            key.append("!" + _MARKS.get(ch, "8"))
    return "".join(key)


def _book_key(book_part: str) -> str:
    return _NUMBER.sub(lambda number: f"{int(number.group()):08d}", book_part)


def join(class_number: str, book_number: str) -> str:
    return "/".join(part.strip() for part in (class_number, book_number) if part and part.strip())


def split(call_number: str) -> tuple[str, str]:
    """(class, book number) of a call number such as I247.5/123:2 (the book number keeps its parts)."""
    class_part, _, book_part = normal_form(call_number).partition("/")
    return class_part, book_part


def with_parts(call_number: str, *, volume: str = "", copy: str = "", volume_pattern: str, copy_pattern: str) -> str:
    """The call number with a volume and a copy part in the library's pattern (I247.5/123:2=1)."""
    result = call_number.strip()
    if result and volume.strip():
        result = volume_pattern.format(call_number=result, volume=volume.strip())
    if result and copy.strip():
        result = copy_pattern.format(call_number=result, copy=copy.strip())
    return result


def label_lines(call_number: str) -> list[str]:
    """The lines of a spine label: class / book number / volume or copy part."""
    class_part, book_part = split(call_number)
    if not book_part:
        return [class_part] if class_part else []
    found = re.match(r"^([^:=]*)([:=].*)?$", book_part)
    number, parts = (found.group(1), found.group(2) or "") if found else (book_part, "")
    return [line for line in (class_part, number, parts) if line]
