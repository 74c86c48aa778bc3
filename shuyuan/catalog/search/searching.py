"""Searching the catalogue: one entry point for the staff pages, the OPAC, the API and SRU."""

from __future__ import annotations

from dataclasses import replace

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Collection, Record

from .backends import backend
from .facets import CLC_CLASSES, LANGUAGES, MATERIAL_TYPES, Facet
from .query import (
    FacetCount,
    Field,
    KeyLookup,
    Plan,
    SearchQuery,
    SearchResult,
    TextPlan,
    has_nothing_to_search,
    plan,
)


def search(query: SearchQuery) -> SearchResult:
    """Record ids of one page, best first, with the total and the facet counts.

    A keyword that looks like an identifier (an ISBN in any form, a barcode, an old barcode, a call
    number) finds its records directly when it is one; otherwise it is searched as text.
    """
    if has_nothing_to_search(query):
        return SearchResult([], 0, needs_term=True)
    engine = backend()
    the_plan = plan(query)
    if the_plan.identifier_keys and engine.lookup(the_plan.identifier_keys):
        the_plan = Plan(
            TextPlan(None), KeyLookup(the_plan.identifier_keys), the_plan.filters, excluded=the_plan.excluded
        )
    result = engine.find(
        the_plan,
        query.field,
        offset=max(query.offset, 0),
        limit=max(query.limit, 0),
        with_facets=query.with_facets,
        ranked=not query.newest_first,
    )
    if result.facets:
        result.facets = label_facets(result.facets, query)
    return result


def records(result: SearchResult) -> list[Record]:
    """The records of a result page in the result's order (those deleted meanwhile left out)."""
    found = Record.objects.in_bulk(result.record_ids)
    return [found[i] for i in result.record_ids if i in found]


def label_facets(facets: dict[Facet, list[FacetCount]], query: SearchQuery) -> dict[Facet, list[FacetCount]]:
    labels: dict[Facet, dict[str, str]] = {
        Facet.BRANCH: dict(Branch.objects.values_list("code", "name")),
        Facet.COLLECTION: dict(Collection.objects.values_list("code", "name")),
        Facet.CLC: {code: f"{code} {label}" for code, label in CLC_CLASSES.items()},
        Facet.MATERIAL_TYPE: {code: str(label) for code, label in MATERIAL_TYPES.items()},
        Facet.LANGUAGE: {code: str(label) for code, label in LANGUAGES.items()},
    }
    labelled = {}
    for facet in Facet:
        if facet not in facets:
            continue
        chosen = set(query.filters.get(facet.value, ()))
        names = labels.get(facet, {})
        values = facets[facet]
        if facet == Facet.YEAR:
            values = sorted(values, key=lambda v: v.value, reverse=True)
        labelled[facet] = [
            replace(v, label=str(names.get(v.value, v.value)), selected=v.value in chosen) for v in values
        ]
    return labelled


__all__ = ["Field", "SearchQuery", "SearchResult", "records", "search"]
