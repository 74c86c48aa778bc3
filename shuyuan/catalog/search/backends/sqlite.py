"""SQLite: FTS5 with the trigram tokenizer for terms of three or more characters, and a second FTS5
table of single characters and character pairs for shorter ones (trigram queries under three
characters match nothing). ``LIKE`` is never used against the trigram table: on SQLite 3.40 it
misses rows that a plain scan finds.

Tables (created by migrations ``catalog.0100_search_index`` and ``0101_search_tables``):

- ``search_doc``: one row per record: the compact title and its pinyin and initials (indexed, for
  the exact and prefix ranks), and its facet values joined by tabs (for counting, and for testing
  a facet filter on what another index found).
- ``search_text`` (trigram): the text columns of :class:`~shuyuan.catalog.search.documents.Column`;
  ``search_grams`` (unicode61, detail=column, prefix indexes of 1 and 2 characters): the short
  tokens of those, the pinyin suffix tokens and, in column ``facets``, the facet values as tokens
  (``f`` and the hex digits of the value), so that FTS5 intersects terms with facet filters itself.
- ``search_ids`` (FTS5, ``ascii``, ``detail=none``): identifier keys (ISBN, ISSN, barcode, old
  barcode, call number, CLC class), each one token, ``k`` and the hex digits of its UTF-8 bytes:
  no tokenizer splits it, and a prefix of a key is a prefix of its token.

Rowid = record id in the FTS5 tables. Keys and facet values were B-tree tables once: an import
batch of random keys rewrote leaf pages all over them (a third of the index's cost at 300 000
records), where FTS5 appends a segment.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..documents import Column, Document
from ..query import Field, Plan, SearchResult, TextPlan
from .base import RANK_CANDIDATES, Backend, Rank, group_facets, merge_ranks

TABLES = ("search_doc", "search_text", "search_grams", "search_ids")
FACETS = "facets"  # the column of search_grams that holds facet values
_END = "\U0010ffff"  # sorts after every character: [p, p + _END) is every text starting with p


@dataclass(frozen=True)
class Part:
    """One condition of a search: either the query that drives the search (every record satisfying
    the condition, as ``id``) or a test on the driver's id (``{id}``); ``{a}`` is a unique alias."""

    driver: str
    id_column: str
    test: str
    params: tuple[Any, ...]

    def driver_sql(self, alias: str) -> tuple[str, str]:
        return self.driver.format(a=alias), self.id_column.format(a=alias)

    def test_sql(self, id_expression: str, alias: str) -> str:
        return self.test.format(id=id_expression, a=alias)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _columns(columns: Iterable[str]) -> str:
    return "{" + " ".join(columns) + "} : "


def trigram_expression(text: TextPlan) -> str:
    columns = [c for c in text.columns or Column.TEXT if c in Column.TEXT]
    prefix = _columns(columns) if text.columns else ""
    return " AND ".join(prefix + _quote(term) for term in text.long_terms)


def grams_expression(text: TextPlan, filters: Sequence[Sequence[str]] = (), excluded: Sequence[str] = ()) -> str:
    columns = text.columns or Column.ALL
    words = [c for c in columns if c in Column.TEXT]
    parts = [_columns(words) + _quote(term) for term in text.short_terms]
    parts += [_columns(columns) + _quote(word) + "*" for word in text.words]
    parts += [_columns([FACETS]) + "(" + " OR ".join(_quote(tag_token(v)) for v in values) + ")" for values in filters]
    expression = " AND ".join(parts)
    if excluded:
        tags = " OR ".join(_quote(tag_token(v)) for v in excluded)
        expression = f"({expression}) NOT {_columns([FACETS])}({tags})"
    return expression


def _fts_part(table: str, expression: str) -> Part:
    return Part(
        f"SELECT {{a}}.rowid AS id FROM {table}(?) {{a}} WHERE 1",
        "{a}.rowid",
        f"EXISTS (SELECT 1 FROM {table}(?) {{a}} WHERE {{a}}.rowid = {{id}})",
        (expression,),
    )


def marks(count: int) -> str:
    return ", ".join("?" * count)


def key_token(key: str) -> str:
    return "k" + key.encode("utf-8").hex()


def tag_token(facet_value: str) -> str:
    return "f" + facet_value.encode("utf-8").hex()


def _tags(facet_values: Iterable[str]) -> str:
    return " ".join(map(tag_token, facet_values))


def keys_expression(keys: Sequence[str], prefix: bool = False) -> str:
    star = "*" if prefix else ""
    return " OR ".join(f'"{key_token(key)}"{star}' for key in keys)


def _key_part(keys: Sequence[str], prefix: bool) -> Part:
    return _fts_part("search_ids", keys_expression(keys, prefix))


def _facet_test(values: Sequence[str]) -> Part:
    """A facet filter as a test on the record's stored values, for searches that another index
    drives: a look-up by rowid costs less than the same test through a full-text table."""
    holds = "instr(char(9) || {a}.facets || char(9), char(9) || ? || char(9))"
    where = "(" + " OR ".join([holds] * len(values)) + ")"
    return Part(
        f"SELECT {{a}}.record_id AS id FROM search_doc {{a}} WHERE {where}",
        "{a}.record_id",
        f"EXISTS (SELECT 1 FROM search_doc {{a}} WHERE {{a}}.record_id = {{id}} AND {where})",
        tuple(values),
    )


def _facet_exclusion(values: Sequence[str]) -> Part:
    """Records having none of these stored values (a public search leaves out the HIDDEN)."""
    holds = "instr(char(9) || {a}.facets || char(9), char(9) || ? || char(9))"
    where = "(" + " OR ".join([holds] * len(values)) + ")"
    return Part(
        f"SELECT {{a}}.record_id AS id FROM search_doc {{a}} WHERE NOT {where}",
        "{a}.record_id",
        f"NOT EXISTS (SELECT 1 FROM search_doc {{a}} WHERE {{a}}.record_id = {{id}} AND {where})",
        tuple(values),
    )


_EVERYTHING = Part("SELECT {a}.record_id AS id FROM search_doc {a} WHERE 1", "{a}.record_id", "1", ())
_NOTHING = Part("SELECT NULL AS id WHERE 0", "NULL", "0", ())


def parts(plan: Plan, text: TextPlan) -> list[Part]:
    """The conditions of a search, the most selective first (it drives the query)."""
    found: list[Part] = []
    if plan.keys is not None:
        found.append(_key_part(plan.keys.keys, plan.keys.prefix) if plan.keys.keys else _NOTHING)
    if text.long_terms:
        found.append(_fts_part("search_text", trigram_expression(text)))
    # Facet filters join the terms of the short-token table, where FTS5 intersects them itself (a
    # test per match costs tens of milliseconds for a common term); without such terms they drive
    # through that table, or test the stored values of what another index found.
    if text.short_terms or text.words or (plan.filters and not found):
        found.append(_fts_part("search_grams", grams_expression(text, plan.filters, plan.excluded)))
    else:
        found.extend(_facet_test(values) for values in plan.filters)
        if plan.excluded:
            found.append(_facet_exclusion(plan.excluded))
    return found or [_EVERYTHING]


def matching(all_parts: list[Part], limit: int) -> tuple[str, tuple[Any, ...]]:
    """SQL for the ids satisfying every part, newest first, at most ``limit``."""
    driver, *rest = all_parts
    sql, id_column = driver.driver_sql("p0")
    tests = "".join(f" AND {p.test_sql(id_column, f'p{i}')}" for i, p in enumerate(rest, 1))
    params = driver.params + tuple(v for p in rest for v in p.params)
    return f"{sql}{tests} ORDER BY {id_column} DESC LIMIT ?", (*params, limit)


def membership(all_parts: list[Part], id_expression: str) -> tuple[str, tuple[Any, ...]]:
    """A condition that ``id_expression`` satisfies every part."""
    tests = [p.test_sql(id_expression, f"m{i}") for i, p in enumerate(all_parts)]
    return " AND ".join(tests), tuple(v for p in all_parts for v in p.params)


class SqliteBackend(Backend):
    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _ids(self, sql: str, params: Sequence[Any]) -> list[int]:
        return [row[0] for row in self._rows(sql, params)]

    # ------------------------------------------------------------------ writing

    def write(self, record_ids: Sequence[int], documents: Sequence[Document]) -> None:
        self.delete(record_ids)
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_doc (record_id, title_key, title_pinyin, title_initials, facets) "
                "VALUES (?, ?, ?, ?, ?)",
                [(d.record_id, d.title_key, d.title_pinyin, d.title_initials, "\t".join(d.facets)) for d in documents],
            )
            cursor.executemany(
                f"INSERT INTO search_text (rowid, {', '.join(Column.TEXT)}) VALUES ({marks(1 + len(Column.TEXT))})",
                [(d.record_id, *(d.columns[c] for c in Column.TEXT)) for d in documents],
            )
            cursor.executemany(
                f"INSERT INTO search_grams (rowid, {', '.join(Column.ALL)}, {FACETS}) "
                f"VALUES ({marks(2 + len(Column.ALL))})",
                [(d.record_id, *(d.grams[c] for c in Column.ALL), _tags(d.facets)) for d in documents],
            )
            cursor.executemany(
                "INSERT INTO search_ids (rowid, tokens) VALUES (?, ?)",
                [(d.record_id, " ".join(key_token(key) for key in d.keys)) for d in documents if d.keys],
            )

    def delete(self, record_ids: Sequence[int]) -> None:
        with self.connection.cursor() as cursor:
            for start in range(0, len(record_ids), 500):
                chunk = list(record_ids[start : start + 500])
                placeholders = marks(len(chunk))
                for table, column in (
                    ("search_doc", "record_id"),
                    ("search_text", "rowid"),
                    ("search_grams", "rowid"),
                    ("search_ids", "rowid"),
                ):
                    cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", chunk)

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            for table in ("search_text", "search_grams", "search_ids"):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            cursor.execute("ANALYZE search_doc")

    def indexed_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM search_doc", ())[0][0])

    # ------------------------------------------------------------------ reading

    def lookup(self, keys: Sequence[str]) -> list[int]:
        if not keys:
            return []
        return self._ids("SELECT rowid FROM search_ids(?)", [keys_expression(keys)])

    def ranks(self, plan: Plan, field: Field, total: int) -> list[Rank]:
        everything = parts(plan, plan.text)
        ranks: list[Rank] = []
        if plan.title_key:
            ranks.extend(self._title_ranks(plan, everything))
        if field == Field.KEYWORD and not plan.text.is_empty:
            in_title = parts(plan, plan.text.restricted((Column.TITLE, Column.TITLE_PY)))
            ranks.append(lambda n: self._ids(*matching(in_title, n)))
        ranks.append(lambda n: self._ids(*matching(everything, n)))
        return ranks

    def _title_ranks(self, plan: Plan, everything: list[Part]) -> list[Rank]:
        checks: list[tuple[str, str, tuple[Any, ...]]] = [("title_key", "title_key = ?", (plan.title_key,))]
        if plan.spelling:
            checks += [(c, f"{c} = ?", (plan.spelling,)) for c in ("title_pinyin", "title_initials")]
        checks.append(("title_key", "title_key >= ? AND title_key < ?", (plan.title_key, plan.title_key + _END)))
        if plan.spelling:
            prefix = (plan.spelling, plan.spelling + _END)
            checks += [(c, f"{c} >= ? AND {c} < ?", prefix) for c in ("title_pinyin", "title_initials")]

        def rank(order: str, where: str, values: tuple[Any, ...]) -> Rank:
            sql = (
                f"SELECT record_id FROM search_doc WHERE {where} "
                f"ORDER BY {order}, record_id DESC LIMIT {RANK_CANDIDATES}"
            )
            return lambda n: self._members(self._ids(sql, values), everything, n)

        return [rank(*check) for check in checks]

    def _members(self, candidates: list[int], everything: list[Part], wanted: int) -> list[int]:
        """The first ``wanted`` candidates that match the search, in the candidates' order; checked a
        chunk at a time, since each check is a full-text lookup of its own."""
        test, params = membership(everything, "c.value")
        found: list[int] = []
        step = max(wanted, 20)
        for start in range(0, len(candidates), step):
            chunk = candidates[start : start + step]
            members = set(self._ids(f"SELECT c.value FROM json_each(?) c WHERE {test}", (json.dumps(chunk), *params)))
            found.extend(i for i in chunk if i in members)
            if len(found) >= wanted:
                break
        return found[:wanted]

    def count(self, plan: Plan, limit: int) -> int:
        sql, params = matching(parts(plan, plan.text), limit)
        return int(self._rows(f"SELECT count(*) FROM ({sql})", params)[0][0])

    def facet_values(self, plan: Plan, limit: int) -> Iterable[tuple[str, int]]:
        # One row lookup per match and the values all in one string: counting them here is faster
        # than a GROUP BY over a table of (record, value) rows.
        sql, params = matching(parts(plan, plan.text), limit)
        joined = f"SELECT group_concat(d.facets, char(9)) FROM ({sql}) h JOIN search_doc d ON d.record_id = h.id"
        values = self._rows(joined, params)[0][0]
        return Counter(values.split("\t")).items() if values else []

    def find(
        self, plan: Plan, field: Field, *, offset: int, limit: int, with_facets: bool, ranked: bool = True
    ) -> SearchResult:
        """With facet filters, the count and the facets in one statement: both walk the newest
        matches, and intersecting a term with the filters is most of the work (p95 of such a query at
        300 000 records 16 → 12 ms). Without, keeping every counted match costs more than finding
        the newest matches again (a common character: 7.5 → 11 ms), so the base class's two queries."""
        if not (plan.filters and with_facets):
            return super().find(plan, field, offset=offset, limit=limit, with_facets=with_facets, ranked=ranked)
        sql, params = matching(parts(plan, plan.text), self.count_limit + 1)
        # A materialized CTE is read back in the order it was written: newest first.
        facets = (
            "SELECT group_concat(d.facets, char(9)) FROM (SELECT id FROM hits LIMIT ?) h "
            "JOIN search_doc d ON d.record_id = h.id"
        )
        total, joined = self._rows(
            f"WITH hits AS MATERIALIZED ({sql}) SELECT (SELECT count(*) FROM hits), ({facets})",
            (*params, self.facet_limit),
        )[0]
        ranks = self.ranks(plan, field, total) if total else []
        ids = merge_ranks(ranks if ranked else ranks[-1:], offset + limit)[offset:] if total else []
        result = SearchResult(ids, min(total, self.count_limit), total_is_exact=total <= self.count_limit)
        if total:
            result.facets = group_facets(Counter(joined.split("\t")).items() if joined else [])
            result.facets_are_exact = total <= self.facet_limit
            result.facet_sample = min(total, self.facet_limit)
        return result
