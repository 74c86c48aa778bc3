"""What every search backend does, and the ranking they share.

A search is answered as a sequence of ranks, each a list of record ids newest first, merged without
repeats: the exact title (also by its pinyin or initials), titles starting with the query, titles
containing it, then every other match. The last rank is the whole result, so the earlier ones only
move records forward; they may therefore look at a bounded number of candidates.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from django.db.backends.base.base import BaseDatabaseWrapper

from ..documents import Document
from ..facets import Facet, decode
from ..query import FacetCount, Field, Plan, SearchResult

# Candidates looked at by the exact and prefix ranks; beyond them the records still come, later.
RANK_CANDIDATES = 200

Rank = Callable[[int], list[int]]


class Backend(ABC):
    def __init__(self, connection: BaseDatabaseWrapper, *, count_limit: int, facet_limit: int) -> None:
        self.connection = connection
        self.count_limit = count_limit
        self.facet_limit = facet_limit

    @abstractmethod
    def write(self, record_ids: Sequence[int], documents: Sequence[Document]) -> None:
        """Replace whatever the index holds for ``record_ids`` by ``documents``."""

    @abstractmethod
    def delete(self, record_ids: Sequence[int]) -> None: ...

    @abstractmethod
    def clear(self) -> None: ...

    @abstractmethod
    def indexed_count(self) -> int: ...

    @abstractmethod
    def optimize(self) -> None:
        """After a rebuild: compact the index and refresh the planner's statistics."""

    def orphans(self) -> list[int]:
        """Indexed ids whose record no longer exists."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.record_id FROM search_doc d WHERE NOT EXISTS "
                "(SELECT 1 FROM catalog_record r WHERE r.id = d.record_id)"
            )
            return [row[0] for row in cursor.fetchall()]

    @abstractmethod
    def lookup(self, keys: Sequence[str]) -> list[int]:
        """Records having any of these identifier keys."""

    @abstractmethod
    def ranks(self, plan: Plan, field: Field, total: int) -> list[Rank]:
        """The ranks of a search, best first; the last one yields every match (``total`` of them, as
        far as counted: a backend may choose its query plan by it)."""

    @abstractmethod
    def count(self, plan: Plan, limit: int) -> int:
        """How many records match, counting no further than ``limit``."""

    @abstractmethod
    def facet_values(self, plan: Plan, limit: int) -> Iterable[tuple[str, int]]:
        """Stored facet values with their counts over the newest ``limit`` matches."""

    def find(
        self, plan: Plan, field: Field, *, offset: int, limit: int, with_facets: bool, ranked: bool = True
    ) -> SearchResult:
        total = self.count(plan, self.count_limit + 1)
        ranks = self.ranks(plan, field, total) if total else []
        ids = merge_ranks(ranks if ranked else ranks[-1:], offset + limit)[offset:] if total else []
        exact = total <= self.count_limit
        result = SearchResult(ids, min(total, self.count_limit), total_is_exact=exact)
        if with_facets and total:
            result.facets = group_facets(self.facet_values(plan, self.facet_limit))
            result.facets_are_exact = total <= self.facet_limit
            result.facet_sample = min(total, self.facet_limit)
        return result


def merge_ranks(ranks: Sequence[Rank], wanted: int) -> list[int]:
    found: dict[int, None] = {}
    for rank in ranks:
        if len(found) >= wanted:
            break
        for record_id in rank(wanted + len(found)):
            found.setdefault(record_id, None)
            if len(found) >= wanted:
                break
    return list(found)


def group_facets(values: Iterable[tuple[str, int]]) -> dict[Facet, list[FacetCount]]:
    counts: dict[Facet, Counter[str]] = {}
    for stored, count in values:
        decoded = decode(stored)
        if decoded is not None:
            facet, value = decoded
            counts.setdefault(facet, Counter())[value] += count
    return {
        facet: [FacetCount(value, count) for value, count in sorted(found.items(), key=lambda vc: (-vc[1], vc[0]))]
        for facet, found in counts.items()
    }
