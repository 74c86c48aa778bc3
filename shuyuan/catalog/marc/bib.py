"""The fields of a bibliographic record that the system uses, independent of MARC format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .formats import MarcFormat


class MaterialType(StrEnum):
    BOOK = "book"
    SERIAL = "serial"
    AUDIO = "audio"
    VIDEO = "video"
    MAP = "map"
    SCORE = "score"
    ELECTRONIC = "electronic"
    GRAPHIC = "graphic"
    OBJECT = "object"
    MANUSCRIPT = "manuscript"
    MIXED = "mixed"


@dataclass(slots=True)
class Holding:
    """One copy described inside a bibliographic record (905/906, 852, 952)."""

    barcode: str
    call_number: str = ""
    branch_code: str = ""
    location: str = ""
    collection_code: str = ""
    item_type_code: str = ""
    price: str = ""
    copy_number: str = ""
    volume: str = ""
    note: str = ""
    tag: str = ""
    old_barcode: str = ""

    @property
    def price_amount(self) -> Decimal | None:
        return parse_price(self.price)


@dataclass(slots=True)
class Bib:
    marc_format: MarcFormat
    control_number: str = ""
    title: str = ""
    other_titles: list[str] = field(default_factory=list)
    responsibility: str = ""
    authors: list[str] = field(default_factory=list)
    isbns: list[str] = field(default_factory=list)
    invalid_isbns: list[str] = field(default_factory=list)
    issn: str = ""
    issn_is_valid: bool = True
    edition: str = ""
    publisher: str = ""
    # The romanised forms of a record that gives these in their own script too (MARC21 880).
    romanised_responsibility: str = ""
    romanised_publisher: str = ""
    place: str = ""
    year: int | None = None
    pages: str = ""
    price: str = ""
    series: list[str] = field(default_factory=list)
    clc: str = ""
    call_number: str = ""
    subjects: list[str] = field(default_factory=list)
    language: str = ""
    material_type: MaterialType = MaterialType.BOOK
    summary: str = ""
    holdings: list[Holding] = field(default_factory=list)

    @property
    def isbn(self) -> str:
        """The first ISBN, valid or not (an invalid one is kept and flagged, never dropped)."""
        return self.isbns[0] if self.isbns else ""

    @property
    def isbn_is_valid(self) -> bool:
        return self.isbn not in self.invalid_isbns


_YEAR = re.compile(r"(1[0-9]{3}|20[0-9]{2})")
_PRICE = re.compile(r"(\d+(?:\.\d{1,2})?)")
# ISBD punctuation that precedes the next element: " :", " ;", " /", " =", trailing ",".
_TRAILING_PUNCTUATION = re.compile(r"[\s:;/=,.]+$")
_LEADING_PUNCTUATION = re.compile(r"^[\s:;/=,]+")


def parse_year(text: str) -> int | None:
    found = _YEAR.search(text or "")
    return int(found.group()) if found else None


def parse_price(text: str) -> Decimal | None:
    """'CNY68.00' or '¥25.00元' -> 68.00; None when there is no amount."""
    found = _PRICE.search((text or "").replace(",", ""))
    if not found:
        return None
    try:
        return Decimal(found.group()).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def tidy(text: str) -> str:
    """A subfield value without the ISBD punctuation that joins it to the next element."""
    return _LEADING_PUNCTUATION.sub("", _TRAILING_PUNCTUATION.sub("", text or "")).strip()
