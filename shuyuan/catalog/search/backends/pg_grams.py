"""PostgreSQL: one- and two-character terms through a plain B-tree table of characters and pairs.

A GIN index answers "which rows contain 红" with row addresses, so counting the matches of a
common character, or finding its newest ones, reads a table row for each match (a fifth of a
catalogue for some characters). ``search_gram`` holds one row per CJK character or pair of a
record's text, keyed ``(token, record_id)``: the matches of a term, newest first, are a backward
index-only scan, and counting them reads no table row. The key's INCLUDE columns answer the rest
of a search without visiting ``search_doc`` either:

- ``mask``: the text columns that hold the token (bits of :data:`MASKS`), for field searches;
- ``facet_set``: the record's facet values, as the id of a row of ``search_facet_set`` (records
  share combinations of branch, collection, class, year, type and language: tens of thousands of
  them for 300 000 records), so a facet filter is a test of that id against the sets that satisfy
  it (looked up first, and given as a constant array, which PostgreSQL tests by hashing), and
  facet counts add up the sets of the newest matches (:class:`FacetSets`).

Other conditions of the same search (terms of three or more characters, words, pinyin) are tested
on ``search_doc`` for each match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..documents import Column, Document
from ..query import Plan, TextPlan
from ..text import has_cjk

MASKS = {Column.TITLE: 1, Column.AUTHOR: 2, Column.PUBLISHER: 4, Column.SUBJECT: 8, Column.SERIES: 16}


def facet_key(facets: Sequence[str]) -> str:
    return "\t".join(facets)


def rows(document: Document, facet_set: int) -> list[tuple[str, int, int, int]]:
    """The ``search_gram`` rows of a document: (token, record id, mask, facet set)."""
    masks: dict[str, int] = {}
    for column, bit in MASKS.items():
        for token in document.grams[column].split():
            if has_cjk(token):
                masks[token] = masks.get(token, 0) | bit
    return [(token, document.record_id, mask, facet_set) for token, mask in masks.items()]


@dataclass(frozen=True)
class GramPlan:
    terms: tuple[str, ...]  # short CJK terms, one token each
    mask: int  # the columns a term must be in (0: any)
    filters: tuple[tuple[str, ...], ...]
    rest: TextPlan | None  # the other terms, tested on search_doc
    excluded: tuple[str, ...] = ()  # stored values a match must not have


def gram_plan(plan: Plan, text: TextPlan) -> GramPlan | None:
    """How a search runs through ``search_gram``, or None when it has no short terms to drive it
    (an identifier look-up drives itself)."""
    if plan.keys is not None or not text.short_terms:
        return None
    mask = sum(MASKS[c] for c in text.columns or () if c in MASKS)
    if text.columns is not None and not mask:
        return None
    rest = TextPlan(text.columns, text.long_terms, (), text.words)
    return GramPlan(text.short_terms, mask, plan.filters, None if rest.is_empty else rest, plan.excluded)


Rows = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


class FacetSets:
    """The facet values of each facet set, remembered by the process as it meets them: a set's row
    never changes (its key is its values; a cleared index draws new ids)."""

    SIZE = 500_000
    ALL = "SELECT id, facets FROM search_facet_set ORDER BY id DESC LIMIT %s"

    def __init__(self) -> None:
        self._values: dict[str, dict[int, tuple[str, ...]]] = {}

    def counts(self, database: str, set_counts: Sequence[tuple[int, int]], rows: Rows) -> list[tuple[str, int]]:
        if database not in self._values:
            # All of them at once the first time (a few tens of thousands of rows, once per process).
            self._values[database] = {set_id: tuple(values) for set_id, values in rows(self.ALL, [self.SIZE])}
        known = self._values[database]
        missing = [set_id for set_id, _n in set_counts if set_id not in known]
        if len(known) + len(missing) > self.SIZE:
            known.clear()
            missing = [set_id for set_id, _n in set_counts]
        if missing:
            for set_id, values in rows("SELECT id, facets FROM search_facet_set WHERE id = ANY(%s)", [missing]):
                known[set_id] = tuple(values)
        counted: Counter[str] = Counter()
        once: list[str] = []  # most sets stand for one match: counted in one C call
        for set_id, n in set_counts:
            values = known.get(set_id, ())
            if n == 1:
                once.extend(values)
            else:
                for value in values:
                    counted[value] += n
        counted.update(once)
        return list(counted.items())


FACET_SETS = FacetSets()


def matching_sets(filters: tuple[tuple[str, ...], ...], rows: Rows) -> list[int]:
    """The ids of the facet sets that satisfy every filter (one of its values)."""
    tests = " AND ".join("facets && %s::text[]" for _ in filters)
    return [row[0] for row in rows(f"SELECT id FROM search_facet_set WHERE {tests}", [list(v) for v in filters])]


def matches(
    gram: GramPlan,
    facet_sets: list[int] | None,
    rest_conditions: tuple[str, list[Any]] | None,
    *,
    excluded_sets: list[int] | None = None,
) -> tuple[str, list[Any]]:
    """SELECT record_id, facet_set of the matches, newest first; a LIMIT parameter follows.
    ``facet_sets`` are the sets that satisfy the filters (None: no filters); ``excluded_sets`` those
    a match must not be in (with no filters)."""
    first, *others = gram.terms

    def in_columns(alias: str) -> str:
        return f" AND {alias}.mask & {gram.mask} <> 0" if gram.mask else ""

    sql = "SELECT g0.record_id, g0.facet_set FROM search_gram g0"
    params: list[Any] = []
    for number, term in enumerate(others, 1):
        alias = f"g{number}"
        sql += f" JOIN search_gram {alias} ON {alias}.record_id = g0.record_id AND {alias}.token = %s"
        sql += in_columns(alias)
        params.append(term)
    sql += " WHERE g0.token = %s" + in_columns("g0")
    params.append(first)
    if facet_sets is not None:
        sql += " AND g0.facet_set = ANY(%s)"
        params.append(facet_sets)
    if excluded_sets:
        sql += " AND g0.facet_set <> ALL(%s)"
        params.append(excluded_sets)
    if rest_conditions is not None:
        where, rest_params = rest_conditions
        sql += f" AND EXISTS (SELECT 1 FROM search_doc d WHERE d.record_id = g0.record_id AND {where})"
        params += rest_params
    return sql + " ORDER BY g0.record_id DESC LIMIT %s", params


def set_counts(hits: str, tag: str = "") -> str:
    """The facet sets of the newest matches of the ``hits`` relation, with how many matches have
    each (a LIMIT parameter follows). ``tag`` is a first column of SQL, for a UNION with other rows."""
    return (
        f"SELECT {tag}facet_set::text, count(*) FROM (SELECT facet_set FROM {hits} "
        "ORDER BY record_id DESC LIMIT %s) h GROUP BY facet_set"
    )
