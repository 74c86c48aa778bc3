"""Catalogue search: one interface (:func:`search`), a backend per database engine, kept in step
with the catalogue by :func:`index_records` and :func:`remove_records` (see the README)."""

from .indexing import index_records, rebuild, remove_records
from .query import FacetCount, Field, SearchQuery, SearchResult
from .searching import records, search

__all__ = [
    "FacetCount",
    "Field",
    "SearchQuery",
    "SearchResult",
    "index_records",
    "rebuild",
    "records",
    "remove_records",
    "search",
]
