"""What the index holds for a record: its text by field, pinyin, identifiers and facet values.

A :class:`Document` is computed from the record and its items only, so a rebuild gives the same
index as the updates made one service call at a time.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from shuyuan.catalog.marc.numbers import clean_isbn, clean_issn, isbn_key
from shuyuan.catalog.models import Item, OldBarcode, Record

from .facets import HIDDEN, Facet, encode
from .pinyin import name_spelling, names_in, spell, syllables
from .text import join_values, normalize, short_tokens


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

    def pack(self) -> tuple[Any, ...]:
        """Plain values that cross a process boundary cheaply (unpickling dataclasses and dicts costs
        several times more); the record id is not among them."""
        return (
            self.title_key,
            self.title_pinyin,
            self.title_initials,
            *(self.columns[c] for c in Column.TEXT),
            *(self.grams[c] for c in Column.ALL),
            tuple(self.keys),
            tuple(self.facets),
        )

    @classmethod
    def unpack(cls, record_id: int, packed: Sequence[Any]) -> Document:
        title_key, title_pinyin, title_initials = packed[:3]
        text_end = 3 + len(Column.TEXT)
        grams_end = text_end + len(Column.ALL)
        return cls(
            record_id,
            title_key,
            title_pinyin,
            title_initials,
            dict(zip(Column.TEXT, packed[3:text_end], strict=True)),
            dict(zip(Column.ALL, packed[text_end:grams_end], strict=True)),
            list(packed[grams_end]),
            list(packed[grams_end + 1]),
        )


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
    *("romanised_responsibility", "romanised_publisher"),
    *("series", "clc", "call_number", "subjects", "language", "material_type"),
)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def series_of(text: str) -> list[str]:
    """Series are stored joined by "; " (several 225/490 fields); older rows have one per line."""
    return [part.strip() for line in lines(text) for part in line.split("; ") if part.strip()]


def build(record: Mapping[str, Any], items: Sequence[Mapping[str, Any]], old_barcodes: Sequence[str] = ()) -> Document:
    """The document of one record (as a dict of its fields) and its items (dicts of item fields)."""
    return with_copies(of_record(record), items, old_barcodes)


def of_record(record: Mapping[str, Any]) -> Document:
    """What a record's own fields put in its document: its text, pinyin, identifiers and facets.

    This is nearly all the work of indexing, and needs no database: an import computes it in the
    process that reads the file, while the other process writes (see :func:`with_copies`).
    """
    title = record["title"] or ""
    title_text = normalize(title)
    names = lines(record["authors"]) or names_in(record["responsibility"])
    spelled = spell(syllables(title_text))
    doc = Document(record.get("id") or 0, title_text.replace(" ", ""), spelled.full, spelled.initials)
    title_values = [title_text, *(normalize(value) for value in lines(record["other_titles"]))]
    doc.columns = {
        Column.TITLE: "\n".join(value for value in title_values if value),
        Column.AUTHOR: join_values([record["responsibility"], record.get("romanised_responsibility", ""), *names]),
        Column.PUBLISHER: _common_values((record["publisher"], record.get("romanised_publisher", ""))),
        Column.SUBJECT: _common_values(tuple(lines(record["subjects"]))),
        Column.SERIES: _common_values(tuple(series_of(record["series"]))),
    }
    doc.grams = {
        Column.TITLE: " ".join(short_tokens(doc.columns[Column.TITLE])),
        Column.AUTHOR: " ".join(short_tokens(doc.columns[Column.AUTHOR])),
        Column.PUBLISHER: _common_tokens(doc.columns[Column.PUBLISHER]),
        Column.SUBJECT: _common_tokens(doc.columns[Column.SUBJECT]),
        Column.SERIES: _common_tokens(doc.columns[Column.SERIES]),
        Column.TITLE_PY: " ".join(spelled.suffixes()),
        Column.AUTHOR_PY: " ".join(dict.fromkeys(token for name in names for token in _name_suffixes(name))),
    }
    doc.keys = sorted(set(_record_keys(record)))
    doc.facets = sorted(_record_facets(record))
    return doc


def with_copies(doc: Document, items: Sequence[Mapping[str, Any]], old_barcodes: Sequence[str] = ()) -> Document:
    """The document with the identifiers and facets of the record's copies added. Withdrawn copies
    (剔旧) keep their barcodes findable by staff but count in no branch or collection; a record
    whose every copy is withdrawn is tagged :data:`HIDDEN`, which public searches leave out."""
    keys = set(doc.keys)
    for item in items:
        keys.add(Key.BARCODE + identifier(item["barcode"]))
        if item["call_number"]:
            keys.add(Key.CALL_NUMBER + identifier(item["call_number"]))
    keys.update(Key.OLD_BARCODE + identifier(b) for b in old_barcodes if b)
    facets = set(doc.facets)
    present = [item for item in items if item.get("status") != Item.Status.WITHDRAWN]
    facets.update(encode(Facet.BRANCH, item["home_branch__code"]) for item in present)
    facets.update(encode(Facet.COLLECTION, item["collection__code"]) for item in present)
    if items and not present:
        facets.add(HIDDEN)
    return dataclasses.replace(doc, keys=sorted(keys), facets=sorted(facets))


# Publishers, subject headings, series and people's names repeat from record to record (titles
# hardly do): their normal form, tokens and pinyin are worth remembering.
@lru_cache(maxsize=10_000)
def _common_values(values: tuple[str, ...]) -> str:
    return join_values(values)


@lru_cache(maxsize=10_000)
def _common_tokens(text: str) -> str:
    return " ".join(short_tokens(text))


@lru_cache(maxsize=10_000)
def _name_suffixes(name: str) -> tuple[str, ...]:
    return tuple(name_spelling(name).suffixes())


def _record_keys(record: Mapping[str, Any]) -> list[str]:
    keys = [*isbn_keys(record["isbn"]), *issn_keys(record["issn"])]
    if record["call_number"]:
        keys.append(Key.CALL_NUMBER + identifier(record["call_number"]))
    if record["clc"]:
        keys.extend(Key.CLC + identifier(c) for c in record["clc"].replace(";", " ").split())
    return keys


def _record_facets(record: Mapping[str, Any]) -> set[str]:
    values = set()
    clc = identifier(record["clc"])[:1]
    if clc.isalpha():
        values.add(encode(Facet.CLC, clc))
    if record["year"]:
        values.add(encode(Facet.YEAR, str(record["year"])))
    if record["material_type"]:
        values.add(encode(Facet.MATERIAL_TYPE, record["material_type"]))
    if record["language"]:
        values.add(encode(Facet.LANGUAGE, record["language"].lower()))
    return values


def load(record_ids: Iterable[int], prepared: Mapping[int, Document] | None = None) -> Iterator[Document]:
    """Documents for the given records that exist, in id order (three queries per call, whatever the
    count). ``prepared`` holds :func:`of_record` documents of records just written (their own fields
    as stored, whatever their ``record_id``): for those only the copies are read.
    """
    ids = list(dict.fromkeys(record_ids))
    bases = {i: prepared[i] for i in ids if i in prepared} if prepared else {}
    missing = [i for i in ids if i not in bases]
    if missing:
        for record in Record.objects.filter(pk__in=missing).values(*_RECORD_FIELDS):
            bases[record["id"]] = of_record(record)
    items_by_record: dict[int, list[dict[str, Any]]] = defaultdict(list)
    item_fields = ("record_id", "barcode", "call_number", "home_branch__code", "collection__code", "status")
    for item in Item.objects.filter(record_id__in=ids).values(*item_fields).order_by("pk"):
        items_by_record[item["record_id"]].append(item)
    old_by_record: dict[int, list[str]] = defaultdict(list)
    for record_id, barcode in OldBarcode.objects.filter(item__record_id__in=ids).values_list(
        "item__record_id", "barcode"
    ):
        old_by_record[record_id].append(barcode)
    for record_id in sorted(bases):
        doc = with_copies(bases[record_id], items_by_record.get(record_id, ()), old_by_record.get(record_id, ()))
        doc.record_id = record_id
        yield doc
