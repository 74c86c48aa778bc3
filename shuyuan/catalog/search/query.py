"""A search as the backends receive it: the query, what kind of index each term needs, the keys an
identifier search looks up, and the result they return."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .documents import Column, Key, identifier, isbn_keys, issn_keys
from .facets import HIDDEN, Facet, encode
from .text import compact, has_cjk, query_terms

# Trigram indexes find nothing for shorter terms; those go to the index of characters and pairs.
TRIGRAM = 3
_SPELLING = re.compile(r"^[a-z]+$")


class Field(TextChoices):
    KEYWORD = "keyword", _("Keyword")
    TITLE = "title", _("Title")
    AUTHOR = "author", _("Author")
    PUBLISHER = "publisher", _("Publisher")
    SUBJECT = "subject", _("Subject")
    SERIES = "series", _("Series")
    ISBN = "isbn", _("ISBN")
    ISSN = "issn", _("ISSN")
    BARCODE = "barcode", _("Barcode")
    OLD_BARCODE = "old_barcode", _("Old barcode")
    CALL_NUMBER = "call_number", _("Call number")
    CLC = "clc", _("CLC class (prefix)")


# The text columns each text field searches; None means all of them.
COLUMNS: dict[Field, tuple[str, ...] | None] = {
    Field.KEYWORD: None,
    Field.TITLE: (Column.TITLE, Column.TITLE_PY),
    Field.AUTHOR: (Column.AUTHOR, Column.AUTHOR_PY),
    Field.PUBLISHER: (Column.PUBLISHER,),
    Field.SUBJECT: (Column.SUBJECT,),
    Field.SERIES: (Column.SERIES,),
}
PREFIX_FIELDS = {Field.CALL_NUMBER: Key.CALL_NUMBER, Field.CLC: Key.CLC}


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    field: Field = Field.KEYWORD
    filters: Mapping[str, Sequence[str]] = dataclasses.field(default_factory=dict)
    offset: int = 0
    limit: int = 20
    with_facets: bool = True
    newest_first: bool = False  # every match newest catalogued first, without the title ranks
    public: bool = False  # the public catalogue's search: records whose every copy is withdrawn left out


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    label: str = ""
    selected: bool = False


@dataclass
class SearchResult:
    record_ids: list[int]
    total: int
    total_is_exact: bool = True
    facets: dict[Facet, list[FacetCount]] = dataclasses.field(default_factory=dict)
    facets_are_exact: bool = True
    facet_sample: int = 0  # the facets count this many matches, the newest, when not exact
    needs_term: bool = False  # the text had nothing to search for (punctuation only): nothing was searched


@dataclass(frozen=True)
class KeyLookup:
    keys: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class TextPlan:
    """Terms of a text search, split by the index that can answer them: Chinese terms of three or
    more characters by trigrams (as substrings), shorter ones by the character and pair tokens, and
    terms without Chinese (pinyin, initials, other words, numbers) as prefixes of word tokens."""

    columns: tuple[str, ...] | None
    long_terms: tuple[str, ...] = ()
    short_terms: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.long_terms and not self.short_terms and not self.words

    def restricted(self, columns: tuple[str, ...]) -> TextPlan:
        return TextPlan(columns, self.long_terms, self.short_terms, self.words)


@dataclass(frozen=True)
class Plan:
    text: TextPlan
    keys: KeyLookup | None
    filters: tuple[tuple[str, ...], ...]  # one tuple of stored facet values per facet: OR inside, AND across
    title_key: str = ""  # for the exact-title and title-prefix ranks
    spelling: str = ""  # the query as pinyin letters, for the same ranks by pinyin and initials
    identifier_keys: tuple[str, ...] = ()  # a keyword that looks like an identifier tries these first
    excluded: tuple[str, ...] = ()  # stored values a match must not have (HIDDEN, for public searches)


def plan(query: SearchQuery) -> Plan:
    filters = tuple(
        tuple(encode(Facet(name), value) for value in values)
        for name, values in sorted(query.filters.items())
        if values and name in Facet.__members__.values()
    )
    excluded = (HIDDEN,) if query.public else ()
    if query.field in COLUMNS:
        return dataclasses.replace(_text_plan(query, filters), excluded=excluded)
    return Plan(TextPlan(None), _key_lookup(query.field, query.text), filters, excluded=excluded)


def _text_plan(query: SearchQuery, filters: tuple[tuple[str, ...], ...]) -> Plan:
    terms = query_terms(query.text)
    text = TextPlan(
        COLUMNS[query.field],
        long_terms=tuple(t for t in terms if has_cjk(t) and len(t) >= TRIGRAM),
        short_terms=tuple(t for t in terms if has_cjk(t) and len(t) < TRIGRAM),
        words=tuple(t for t in terms if not has_cjk(t)),
    )
    ranked = query.field in (Field.KEYWORD, Field.TITLE)
    title_key = compact(query.text) if ranked else ""
    spelling = title_key if ranked and _SPELLING.match(title_key) else ""
    candidates: tuple[str, ...] = ()
    if query.field == Field.KEYWORD and len(query.text.split()) == 1 and any(c.isdigit() for c in query.text):
        candidates = _identifier_keys(query.text)
    return Plan(text, None, filters, title_key, spelling, candidates)


def _identifier_keys(text: str) -> tuple[str, ...]:
    value = identifier(text)
    keys = [*isbn_keys(text), *issn_keys(text), Key.BARCODE + value, Key.OLD_BARCODE + value]
    keys.append(Key.CALL_NUMBER + value)
    return tuple(dict.fromkeys(keys))


def _key_lookup(search_field: Field, text: str) -> KeyLookup:
    if search_field == Field.ISBN:
        return KeyLookup(tuple(isbn_keys(text)))
    if search_field == Field.ISSN:
        return KeyLookup(tuple(issn_keys(text)))
    value = identifier(text)
    if not value:
        return KeyLookup(())
    if search_field in PREFIX_FIELDS:
        return KeyLookup((PREFIX_FIELDS[search_field] + value,), prefix=True)
    prefix = Key.BARCODE if search_field == Field.BARCODE else Key.OLD_BARCODE
    return KeyLookup((prefix + value,))


def has_nothing_to_search(query: SearchQuery) -> bool:
    """Text was typed, but nothing in it can be searched for (``！？。，``, ``***``): such a search
    must not fall back to listing the whole catalogue."""
    if not query.text.strip():
        return False
    if query.field in COLUMNS:
        return not query_terms(query.text)
    return not _key_lookup(query.field, query.text).keys
