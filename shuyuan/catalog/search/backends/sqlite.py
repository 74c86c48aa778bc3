"""SQLite: FTS5 with the trigram tokenizer for terms of three or more characters, and a second FTS5
table of single characters and character pairs for shorter ones (trigram queries under three
characters match nothing). ``LIKE`` is never used against the trigram table: on SQLite 3.40 it
misses rows that a plain scan finds.

Tables (created by migration ``catalog.0100_search_index``):

- ``search_doc``: one row per record: the compact title and its pinyin and initials (indexed, for
  the exact and prefix ranks), and its facet values joined by tabs (for counting).
- ``search_text`` (trigram): the text columns of :class:`~shuyuan.catalog.search.documents.Column`;
  ``search_grams`` (unicode61, detail=column, prefix indexes of 1 and 2 characters): the short
  tokens of those and the pinyin suffix tokens. Rowid = record id in both.
- ``search_key``: identifier keys (ISBN, ISSN, barcode, old barcode, call number, CLC class).
- ``search_facet``: stored facet values per record.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..documents import Column, Document
from ..query import Field, Plan, TextPlan
from .base import RANK_CANDIDATES, Backend, Rank

TABLES = ("search_doc", "search_text", "search_grams", "search_key", "search_facet")
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


def grams_expression(text: TextPlan) -> str:
    columns = text.columns or Column.ALL
    words = [c for c in columns if c in Column.TEXT]
    parts = [_columns(words) + _quote(term) for term in text.short_terms]
    parts += [_columns(columns) + _quote(word) + "*" for word in text.words]
    return " AND ".join(parts)


def _fts_part(table: str, expression: str) -> Part:
    return Part(
        f"SELECT {{a}}.rowid AS id FROM {table}(?) {{a}} WHERE 1",
        "{a}.rowid",
        f"EXISTS (SELECT 1 FROM {table}(?) {{a}} WHERE {{a}}.rowid = {{id}})",
        (expression,),
    )


def _key_part(keys: Sequence[str], prefix: bool) -> Part:
    if prefix:
        where = "(" + " OR ".join("({a}.key >= ? AND {a}.key < ?)" for _ in keys) + ")"
        params = tuple(v for key in keys for v in (key, key + _END))
    else:
        where, params = f"{{a}}.key IN ({', '.join('?' * len(keys))})", tuple(keys)
    return Part(
        f"SELECT {{a}}.id AS id FROM (SELECT DISTINCT {{a}}.record_id AS id FROM search_key {{a}} WHERE {where}) {{a}} "
        "WHERE 1",
        "{a}.id",
        f"EXISTS (SELECT 1 FROM search_key {{a}} WHERE {{a}}.record_id = {{id}} AND {where})",
        params,
    )


def _facet_part(values: Sequence[str]) -> Part:
    where = f"{{a}}.value IN ({', '.join('?' * len(values))})"
    if len(values) == 1:
        driver, id_column = f"SELECT {{a}}.record_id AS id FROM search_facet {{a}} WHERE {where}", "{a}.record_id"
    else:
        distinct = f"SELECT DISTINCT record_id AS id FROM search_facet {{a}} WHERE {where}"
        driver = f"SELECT {{a}}.id AS id FROM ({distinct}) {{a}} WHERE 1"
        id_column = "{a}.id"
    test = f"EXISTS (SELECT 1 FROM search_facet {{a}} WHERE {{a}}.record_id = {{id}} AND {where})"
    return Part(driver, id_column, test, tuple(values))


_EVERYTHING = Part("SELECT {a}.record_id AS id FROM search_doc {a} WHERE 1", "{a}.record_id", "1", ())
_NOTHING = Part("SELECT NULL AS id WHERE 0", "NULL", "0", ())


def parts(plan: Plan, text: TextPlan) -> list[Part]:
    """The conditions of a search, the most selective first (it drives the query)."""
    found: list[Part] = []
    if plan.keys is not None:
        found.append(_key_part(plan.keys.keys, plan.keys.prefix) if plan.keys.keys else _NOTHING)
    if text.long_terms:
        found.append(_fts_part("search_text", trigram_expression(text)))
    if text.short_terms or text.words:
        found.append(_fts_part("search_grams", grams_expression(text)))
    found.extend(_facet_part(values) for values in plan.filters)
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
            for table, attribute, columns in (
                ("search_text", "columns", Column.TEXT),
                ("search_grams", "grams", Column.ALL),
            ):
                cursor.executemany(
                    f"INSERT INTO {table} (rowid, {', '.join(columns)}) VALUES ({', '.join('?' * (len(columns) + 1))})",
                    [(d.record_id, *(getattr(d, attribute)[c] for c in columns)) for d in documents],
                )
            cursor.executemany(
                "INSERT INTO search_key (key, record_id) VALUES (?, ?)",
                [(key, d.record_id) for d in documents for key in d.keys],
            )
            cursor.executemany(
                "INSERT INTO search_facet (record_id, value) VALUES (?, ?)",
                [(d.record_id, value) for d in documents for value in d.facets],
            )

    def delete(self, record_ids: Sequence[int]) -> None:
        with self.connection.cursor() as cursor:
            for start in range(0, len(record_ids), 500):
                chunk = list(record_ids[start : start + 500])
                marks = ", ".join("?" * len(chunk))
                for table, column in (
                    ("search_doc", "record_id"),
                    ("search_text", "rowid"),
                    ("search_grams", "rowid"),
                    ("search_key", "record_id"),
                    ("search_facet", "record_id"),
                ):
                    cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            for table in ("search_text", "search_grams"):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            cursor.execute("ANALYZE search_doc")
            cursor.execute("ANALYZE search_key")
            cursor.execute("ANALYZE search_facet")

    def indexed_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM search_doc", ())[0][0])

    # ------------------------------------------------------------------ reading

    def lookup(self, keys: Sequence[str]) -> list[int]:
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        return self._ids(f"SELECT DISTINCT record_id FROM search_key WHERE key IN ({marks})", keys)

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
