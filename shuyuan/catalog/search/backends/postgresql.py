"""PostgreSQL: ``pg_trgm`` (a GIN trigram index on all text) for terms of three or more characters,
full text search over a ``tsvector`` of single characters and character pairs for shorter ones.

``search_doc`` holds one row per record: the text by column, ``everything`` (all text columns, the
one the trigram index covers), ``grams`` (each token prefixed by its column's letter, built with
``array_to_tsvector`` so no text-search parser touches it) and ``facets`` (an array, GIN-indexed).
``search_key`` holds identifier keys. pg_trgm needs a UTF-8 database with a UTF-8 LC_CTYPE: under
the C locale it makes no trigrams of Chinese (checked by ``shuyuan.catalog.search.checks``).

Searches with a term of one or two Chinese characters run through ``search_gram`` instead
(:mod:`.pg_grams`): counting and ordering the matches of a common character through the GIN index
reads a table row per match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from ..documents import Column, Document
from ..query import Field, Plan, SearchResult, TextPlan
from . import pg_grams
from .base import RANK_CANDIDATES, Backend, Rank, group_facets, merge_ranks

# Lexemes carry a tag: "*" for any text column, "t" and "a" again for the title and the author (the
# fields searched on their own and ranked), "x" and "y" for the pinyin of title and author. One
# lexeme per term keeps the planner's estimates (and the GIN look-ups) those of a single word.
ANY_TEXT = "*"
SPARSE = 2000
TAGS = {Column.TITLE: "t", Column.AUTHOR: "a", Column.TITLE_PY: "x", Column.AUTHOR_PY: "y"}


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def lexemes(document: Document) -> list[str]:
    found: set[str] = set()
    for column, grams in document.grams.items():
        tokens = grams.split()
        if column in Column.TEXT:
            found.update(ANY_TEXT + token for token in tokens)
        if column in TAGS:
            found.update(TAGS[column] + token for token in tokens)
    return sorted(found)


def _tags(columns: tuple[str, ...] | None) -> tuple[list[str], list[str], list[str]]:
    """For a field's columns: the tags of its text, the tags of its pinyin, and the text columns that
    have no tag of their own (the any-text lexeme finds candidates, LIKE on the column confirms)."""
    if columns is None:
        return [ANY_TEXT], [TAGS[Column.TITLE_PY], TAGS[Column.AUTHOR_PY]], []
    text = [c for c in columns if c in Column.TEXT]
    untagged = [c for c in text if c not in TAGS]
    text_tags = [TAGS[c] for c in text if c in TAGS] + ([ANY_TEXT] if untagged else [])
    return text_tags, [TAGS[c] for c in columns if c in Column.PINYIN], untagged


def grams_query(text: TextPlan) -> str:
    text_tags, pinyin_tags, _untagged = _tags(text.columns)
    parts = []
    for term in text.short_terms:
        parts.append("(" + " | ".join(_lexeme(tag + term) for tag in text_tags) + ")")
    for word in text.words:
        parts.append("(" + " | ".join(_lexeme(tag + word) + ":*" for tag in text_tags + pinyin_tags) + ")")
    return " & ".join(parts)


def conditions(plan: Plan, text: TextPlan) -> tuple[str, list[Any]]:
    """The WHERE clause (on ``search_doc d``) of a search, and its parameters."""
    where: list[str] = []
    params: list[Any] = []
    if plan.keys is not None:
        if not plan.keys.keys:
            where.append("FALSE")
        elif plan.keys.prefix:
            where.append(
                "d.record_id = ANY(ARRAY(SELECT k.record_id FROM search_key k WHERE "
                + " OR ".join("k.key LIKE %s" for _ in plan.keys.keys)
                + "))"
            )
            params += [_like(key)[1:] for key in plan.keys.keys]
        else:
            # ARRAY(...) runs the look-up first; the few ids it finds are then fetched by primary key.
            where.append("d.record_id = ANY(ARRAY(SELECT k.record_id FROM search_key k WHERE k.key = ANY(%s)))")
            params.append(list(plan.keys.keys))
    columns = [c for c in text.columns or () if c in Column.TEXT]
    for term in text.long_terms:
        where.append("d.everything LIKE %s")
        params.append(_like(term))
        if columns:
            where.append("(" + " OR ".join(f"d.{c} LIKE %s" for c in columns) + ")")
            params += [_like(term)] * len(columns)
    if text.short_terms or text.words:
        where.append("d.grams @@ %s::tsquery")
        params.append(grams_query(text))
        untagged = _tags(text.columns)[2]
        for term in (*text.short_terms, *text.words) if untagged else ():
            where.append("(" + " OR ".join(f"d.{c} LIKE %s" for c in untagged) + ")")
            params += [_like(term)] * len(untagged)
    for values in plan.filters:
        where.append("d.facets && %s::text[]")
        params.append(list(values))
    if plan.excluded:
        where.append("NOT (d.facets && %s::text[])")
        params.append(list(plan.excluded))
    return " AND ".join(where) or "TRUE", params


class PostgresBackend(Backend):
    def __init__(self, connection: BaseDatabaseWrapper, *, count_limit: int, facet_limit: int) -> None:
        super().__init__(connection, count_limit=count_limit, facet_limit=facet_limit)
        self._sets: dict[tuple[tuple[str, ...], ...], list[int]] = {}

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _ids(self, sql: str, params: Sequence[Any]) -> list[int]:
        return [row[0] for row in self._rows(sql, params)]

    # ------------------------------------------------------------------ writing

    def write(self, record_ids: Sequence[int], documents: Sequence[Document]) -> None:
        self.delete(record_ids)
        rows: list[tuple[Any, ...]] = [
            (
                d.record_id,
                d.title_key,
                d.title_pinyin,
                d.title_initials,
                *(d.columns[c] for c in Column.TEXT),
                "\n".join(d.columns[c] for c in Column.TEXT),
                lexemes(d),
                d.facets,
            )
            for d in documents
        ]
        marks = ", ".join(["%s"] * (4 + len(Column.TEXT) + 1))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_doc (record_id, title_key, title_pinyin, title_initials, "
                f"{', '.join(Column.TEXT)}, everything, grams, facets) "
                f"VALUES ({marks}, array_to_tsvector(%s::text[]), %s::text[])",
                rows,
            )
            cursor.executemany(
                "INSERT INTO search_key (key, record_id) VALUES (%s, %s)",
                [(key, d.record_id) for d in documents for key in d.keys],
            )
            sets = self._facet_sets(cursor, documents)
            with cursor.copy("COPY search_gram (token, record_id, mask, facet_set) FROM STDIN") as copy:
                for d in documents:
                    for row in pg_grams.rows(d, sets[pg_grams.facet_key(d.facets)]):
                        copy.write_row(row)

    def _facet_sets(self, cursor: Any, documents: Sequence[Document]) -> dict[str, int]:
        keys = sorted({pg_grams.facet_key(d.facets) for d in documents})
        cursor.execute(
            "INSERT INTO search_facet_set (key, facets) SELECT k, CASE WHEN k = '' THEN '{}'::text[] "
            "ELSE string_to_array(k, E'\\t') END FROM unnest(%s::text[]) k ON CONFLICT (key) DO NOTHING",
            [keys],
        )
        cursor.execute("SELECT key, id FROM search_facet_set WHERE key = ANY(%s)", [keys])
        return dict(cursor.fetchall())

    def delete(self, record_ids: Sequence[int]) -> None:
        if not record_ids:
            return
        with self.connection.cursor() as cursor:
            for table in ("search_doc", "search_key", "search_gram"):
                cursor.execute(f"DELETE FROM {table} WHERE record_id = ANY(%s)", [list(record_ids)])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_doc, search_key, search_gram, search_facet_set")

    def optimize(self) -> None:
        # Without statistics the planner scans the table instead of using the GIN indexes; without
        # a vacuum an index-only scan of search_gram still visits the rows it has just written.
        statement = "ANALYZE" if self.connection.in_atomic_block else "VACUUM (ANALYZE)"
        with self.connection.cursor() as cursor:
            cursor.execute(f"{statement} search_doc, search_key, search_gram, search_facet_set")

    def indexed_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM search_doc", ())[0][0])

    # ------------------------------------------------------------------ reading

    def lookup(self, keys: Sequence[str]) -> list[int]:
        if not keys:
            return []
        return self._ids("SELECT DISTINCT record_id FROM search_key WHERE key = ANY(%s)", [list(keys)])

    def ranks(self, plan: Plan, field: Field, total: int) -> list[Rank]:
        where, params = conditions(plan, plan.text)
        # With few matches, fetch them all through the GIN index and sort; with many, walk the primary
        # key backwards until a page is full. The planner misjudges which (its estimates for single
        # characters are far off), so the count decides.
        sparse = total <= SPARSE
        ranks: list[Rank] = []
        if plan.title_key:
            ranks.extend(self._title_ranks(plan, where, params))
        if field == Field.KEYWORD and not plan.text.is_empty:
            title_text = plan.text.restricted((Column.TITLE, Column.TITLE_PY))
            ranks.append(self._rank(plan, title_text, sparse))
        ranks.append(self._rank(plan, plan.text, sparse))
        return ranks

    def _rank(self, plan: Plan, text: TextPlan, sparse: bool) -> Rank:
        grams = self._gram_matches(plan, text)
        if grams is not None:
            sql, params = grams
            return lambda n: self._ids(sql, [*params, n])
        where, params = conditions(plan, text)
        return lambda n: self._matching(where, params, n, sparse)

    def _matching(self, where: str, params: list[Any], limit: int, sparse: bool) -> list[int]:
        order = "d.record_id + 0" if sparse else "d.record_id"  # "+ 0": no walking the primary key
        sql = f"SELECT d.record_id FROM search_doc d WHERE {where} ORDER BY {order} DESC LIMIT %s"
        return self._ids(sql, [*params, limit])

    def _gram_matches(self, plan: Plan, text: TextPlan) -> tuple[str, list[Any]] | None:
        """The matches through search_gram (record_id, facet_set, newest first, then a LIMIT
        parameter), or None when the search has no short term to drive them."""
        gram = pg_grams.gram_plan(plan, text)
        if gram is None:
            return None
        rest = conditions(Plan(gram.rest, None, ()), gram.rest) if gram.rest is not None else None
        sets = self._matching_sets(gram.filters) if gram.filters else None
        if sets is not None and gram.excluded:
            hidden = set(self._excluded_sets(gram.excluded))
            sets = [s for s in sets if s not in hidden]
        elif gram.excluded:
            return pg_grams.matches(gram, None, rest, excluded_sets=self._excluded_sets(gram.excluded))
        return pg_grams.matches(gram, sets, rest)

    def _excluded_sets(self, excluded: tuple[str, ...]) -> list[int]:
        """The facet sets holding an excluded value (few: the sets of records all withdrawn)."""
        key = (("not", *excluded),)
        if key not in self._sets:
            self._sets[key] = pg_grams.matching_sets((excluded,), self._rows)
        return self._sets[key]

    def _matching_sets(self, filters: tuple[tuple[str, ...], ...]) -> list[int]:
        """Looked up once per search (a backend serves one search): its count, ranks and page all
        filter by them."""
        if filters not in self._sets:
            self._sets[filters] = pg_grams.matching_sets(filters, self._rows)
        return self._sets[filters]

    def _facet_counts(self, set_counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
        database = str(self.connection.settings_dict["NAME"])
        counts = [(int(set_id), int(n)) for set_id, n in set_counts]
        return pg_grams.FACET_SETS.counts(database, counts, self._rows)

    def _title_ranks(self, plan: Plan, where: str, params: list[Any]) -> list[Rank]:
        """The exact and prefix ranks in one query (a round trip each would cost more than the work)."""
        checks: list[tuple[str, str]] = [("title_key", "= %s")]
        values: list[str] = [plan.title_key]
        if plan.spelling:
            checks += [("title_pinyin", "= %s"), ("title_initials", "= %s")]
            values += [plan.spelling, plan.spelling]
        checks.append(("title_key", "LIKE %s"))
        values.append(_like(plan.title_key)[1:])
        if plan.spelling:
            checks += [("title_pinyin", "LIKE %s"), ("title_initials", "LIKE %s")]
            values += [_like(plan.spelling)[1:]] * 2
        parts = [
            f"(SELECT c.record_id, {number} AS rank, c.position FROM (SELECT record_id, "
            f"row_number() OVER (ORDER BY {column}, record_id DESC) AS position FROM search_doc "
            f"WHERE {column} {test} ORDER BY {column}, record_id DESC LIMIT {RANK_CANDIDATES}) c "
            f"JOIN search_doc d ON d.record_id = c.record_id WHERE {where} ORDER BY c.position LIMIT %s)"
            for number, (column, test) in enumerate(checks)
        ]
        sql = " UNION ALL ".join(parts) + " ORDER BY rank, position"

        def ranked(n: int) -> list[int]:
            arguments: list[Any] = []
            for value in values:
                arguments += [value, *params, n]
            return list(dict.fromkeys(self._ids(sql, arguments)))

        return [ranked]

    def count(self, plan: Plan, limit: int) -> int:
        grams = self._gram_matches(plan, plan.text)
        if grams is not None:
            return int(self._rows(f"SELECT count(*) FROM ({grams[0]}) s", [*grams[1], limit])[0][0])
        where, params = conditions(plan, plan.text)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_doc d WHERE {where} LIMIT %s) s"
        return int(self._rows(sql, [*params, limit])[0][0])

    def facet_values(self, plan: Plan, limit: int) -> Iterable[tuple[str, int]]:
        grams = self._gram_matches(plan, plan.text)
        if grams is not None:
            sql = f"WITH hits AS MATERIALIZED ({grams[0]}) {pg_grams.set_counts('hits')}"
            return self._facet_counts(self._rows(sql, [*grams[1], limit, limit]))
        where, params = conditions(plan, plan.text)
        sql = (
            f"SELECT v, count(*) FROM (SELECT d.facets FROM search_doc d WHERE {where} "
            "ORDER BY d.record_id DESC LIMIT %s) h, unnest(h.facets) v GROUP BY v"
        )
        return self._rows(sql, [*params, limit])

    def find(
        self, plan: Plan, field: Field, *, offset: int, limit: int, with_facets: bool, ranked: bool = True
    ) -> SearchResult:
        """One scan for the count, the facets and the newest matches: PostgreSQL visits the rows of
        every match it counts (through search_doc; not through search_gram), so doing it three
        times costs three times as much."""
        wanted = offset + limit
        grams = self._gram_matches(plan, plan.text)
        if grams is not None:
            hits, params = grams
            facets = pg_grams.set_counts("hits", tag="'s', ")
        else:
            where, params = conditions(plan, plan.text)
            hits = f"SELECT d.record_id, d.facets FROM search_doc d WHERE {where} ORDER BY d.record_id DESC LIMIT %s"
            facets = (
                "SELECT 'f', v, count(*) FROM (SELECT facets FROM hits ORDER BY record_id DESC LIMIT %s) h, "
                "unnest(h.facets) v GROUP BY v"
            )
        sql = (
            f"WITH hits AS MATERIALIZED ({hits}) SELECT 'n', '', count(*) FROM hits "
            "UNION ALL (SELECT 'i', record_id::text, 0 FROM hits ORDER BY hits.record_id DESC LIMIT %s)"
        )
        arguments: list[Any] = [*params, self.count_limit + 1, wanted]
        if with_facets:
            sql += f" UNION ALL {facets}"
            arguments.append(self.facet_limit)
        rows = self._rows(sql, arguments)
        total = next(int(count) for kind, _value, count in rows if kind == "n")
        newest = [int(value) for kind, value, _count in rows if kind == "i"]
        ranks = self.ranks(plan, field, total)[:-1] if total and ranked else []
        if len(newest) < wanted and total > self.count_limit:
            ranks.append(self._rank(plan, plan.text, False))
        else:
            ranks.append(lambda n: newest[:n])
        result = SearchResult(
            merge_ranks(ranks, wanted)[offset:] if total else [],
            min(total, self.count_limit),
            total_is_exact=total <= self.count_limit,
        )
        if with_facets and total:
            values = [(value, count) for kind, value, count in rows if kind == "f"]
            values += self._facet_counts((value, count) for kind, value, count in rows if kind == "s")
            result.facets = group_facets(values)
            result.facets_are_exact = total <= self.facet_limit
            result.facet_sample = min(total, self.facet_limit)
        return result
