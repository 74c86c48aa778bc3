"""What the index holds for a record: its text by field, pinyin, identifiers and facet values.

A :class:`Document` is computed from the record and its items only, so a rebuild gives the same
index as the updates made one service call at a time.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from shuyuan.catalog.marc.numbers import clean_isbn, clean_issn, isbn_key
from shuyuan.catalog.models import Item, OldBarcode, Record

from .facets import Facet, encode
from .pinyin import name_spelling, names_in, title_spelling
from .text import compact, join_values, short_tokens


class Key:
    """Prefixes of identifier keys; a key is ``prefix + normal form``."""

    ISBN = "isbn:"
    ISSN = "issn:"
    BARCODE = "bc:"
    OLD_BARCODE = "obc:"
    CALL_NUMBER = "cn:"
    CLC = "clc:"


def identifier(text: str) -> str:
    """Barcodes, call numbers and classes compare without case, width or spaces."""
    return "".join(unicodedata.normalize("NFKC", text or "").upper().split())


def isbn_keys(raw: str) -> list[str]:
    """Every form an ISBN is looked up by: ISBN-13 when the check digit is right, else as written."""
    keys = {isbn_key(raw), clean_isbn(raw)}
    return [Key.ISBN + k for k in sorted(keys) if k]


def issn_keys(raw: str) -> list[str]:
    issn = clean_issn(raw)
    return [Key.ISSN + issn] if issn else []


@dataclass(slots=True)
class Document:
    record_id: int
    title_key: str = ""
    title_pinyin: str = ""
    title_initials: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # text column -> normalized text
    grams: dict[str, str] = field(default_factory=dict)  # every column -> space-separated tokens
    keys: list[str] = field(default_factory=list)
    facets: list[str] = field(default_factory=list)


class Column:
    """The columns of the index, in the order the SQLite tables declare them. The text columns hold
    normalized text (trigrams of it answer terms of three or more characters), and in the index of
    short tokens each CJK character and pair and each other word; the pinyin columns only exist there,
    as the suffix tokens of :meth:`~.pinyin.Spelling.suffixes`."""

    TITLE = "title"
    AUTHOR = "author"
    PUBLISHER = "publisher"
    SUBJECT = "subject"
    SERIES = "series"
    TITLE_PY = "title_py"
    AUTHOR_PY = "author_py"

    TEXT = (TITLE, AUTHOR, PUBLISHER, SUBJECT, SERIES)
    PINYIN = (TITLE_PY, AUTHOR_PY)
    ALL = TEXT + PINYIN


_RECORD_FIELDS = (
    *("id", "title", "other_titles", "responsibility", "authors", "isbn", "issn", "publisher", "year"),
    *("series", "clc", "call_number", "subjects", "language", "material_type"),
)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def series_of(text: str) -> list[str]:
    """Series are stored joined by "; " (several 225/490 fields); older rows have one per line."""
    return [part.strip() for line in lines(text) for part in line.split("; ") if part.strip()]


def build(record: dict[str, Any], items: Sequence[dict[str, Any]], old_barcodes: Sequence[str] = ()) -> Document:
    """The document of one record (as a dict of its fields) and its items (dicts of item fields)."""
    title = record["title"] or ""
    names = lines(record["authors"]) or names_in(record["responsibility"])
    spelled = title_spelling(title)
    people = [name_spelling(name) for name in names]
    doc = Document(record["id"], compact(title), spelled.full, spelled.initials)
    doc.columns = {
        Column.TITLE: join_values([title, *lines(record["other_titles"])]),
        Column.AUTHOR: join_values([record["responsibility"], *names]),
        Column.PUBLISHER: join_values([record["publisher"]]),
        Column.SUBJECT: join_values(lines(record["subjects"])),
        Column.SERIES: join_values(series_of(record["series"])),
    }
    doc.grams = {name: " ".join(short_tokens(text)) for name, text in doc.columns.items()}
    doc.grams[Column.TITLE_PY] = " ".join(spelled.suffixes())
    doc.grams[Column.AUTHOR_PY] = " ".join(dict.fromkeys(t for person in people for t in person.suffixes()))
    doc.keys = _keys(record, items, old_barcodes)
    doc.facets = _facets(record, items)
    return doc


def _keys(record: dict[str, Any], items: Sequence[dict[str, Any]], old_barcodes: Sequence[str]) -> list[str]:
    keys = [*isbn_keys(record["isbn"]), *issn_keys(record["issn"])]
    if record["call_number"]:
        keys.append(Key.CALL_NUMBER + identifier(record["call_number"]))
    if record["clc"]:
        keys.extend(Key.CLC + identifier(c) for c in record["clc"].replace(";", " ").split())
    for item in items:
        keys.append(Key.BARCODE + identifier(item["barcode"]))
        if item["call_number"]:
            keys.append(Key.CALL_NUMBER + identifier(item["call_number"]))
    keys.extend(Key.OLD_BARCODE + identifier(b) for b in old_barcodes if b)
    return sorted(set(keys))


def _facets(record: dict[str, Any], items: Sequence[dict[str, Any]]) -> list[str]:
    values = {encode(Facet.BRANCH, item["home_branch__code"]) for item in items}
    values.update(encode(Facet.COLLECTION, item["collection__code"]) for item in items)
    clc = identifier(record["clc"])[:1]
    if clc.isalpha():
        values.add(encode(Facet.CLC, clc))
    if record["year"]:
        values.add(encode(Facet.YEAR, str(record["year"])))
    if record["material_type"]:
        values.add(encode(Facet.MATERIAL_TYPE, record["material_type"]))
    if record["language"]:
        values.add(encode(Facet.LANGUAGE, record["language"].lower()))
    return sorted(values)


def load(record_ids: Iterable[int]) -> Iterator[Document]:
    """Documents for the given records that exist (four queries per call, whatever the count)."""
    ids = list(record_ids)
    records = Record.objects.filter(pk__in=ids).values(*_RECORD_FIELDS).order_by("pk")
    items_by_record: dict[int, list[dict[str, Any]]] = defaultdict(list)
    item_fields = ("record_id", "barcode", "call_number", "home_branch__code", "collection__code")
    for item in Item.objects.filter(record_id__in=ids).values(*item_fields).order_by("pk"):
        items_by_record[item["record_id"]].append(item)
    old_by_record: dict[int, list[str]] = defaultdict(list)
    for record_id, barcode in OldBarcode.objects.filter(item__record_id__in=ids).values_list(
        "item__record_id", "barcode"
    ):
        old_by_record[record_id].append(barcode)
    for record in records:
        yield build(record, items_by_record.get(record["id"], ()), old_by_record.get(record["id"], ()))
