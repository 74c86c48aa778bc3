"""Facet counts and facet filters."""

import pytest

from shuyuan.catalog.search import SearchQuery, search
from shuyuan.catalog.search.facets import Facet
from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import empty_index, make_collection, make_item, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()


def counts(result, facet: Facet) -> dict[str, int]:
    return {v.value: v.count for v in result.facets.get(facet, [])}


@pytest.fixture
def library():
    central, branch = make_branch("LL01", name="总馆"), make_branch("LL02", name="画室分馆")
    adult = make_collection(central, "LL01-ADULT", "成人外借")
    kids = make_collection(central, "LL01-KIDS", "少儿外借")
    studio = make_collection(branch, "LL02-ALL", "画室藏书")
    novel = make_record("红楼梦", clc="I242.4", year=1982, language="chi", material_type="book", index=True)
    make_item(novel, collection=adult, index=True)
    make_item(novel, collection=studio, index=True)
    story = make_record("红楼梦故事", clc="I287.5", year=2016, language="chi", material_type="book", index=True)
    make_item(story, collection=kids, index=True)
    study = make_record("红楼梦 English", clc="H319.4", year=2016, language="eng", material_type="video", index=True)
    make_item(study, collection=adult, index=True)
    return {"novel": novel, "story": story, "study": study}


def test_records_are_counted_by_branch(library):
    assert counts(search(SearchQuery("红楼梦")), Facet.BRANCH) == {"LL01": 3, "LL02": 1}


def test_records_are_counted_by_collection(library):
    result = search(SearchQuery("红楼梦"))
    assert counts(result, Facet.COLLECTION) == {"LL01-ADULT": 2, "LL01-KIDS": 1, "LL02-ALL": 1}


def test_records_are_counted_by_the_top_class_of_the_clc(library):
    assert counts(search(SearchQuery("红楼梦")), Facet.CLC) == {"I": 2, "H": 1}


def test_records_are_counted_by_year_language_and_material_type(library):
    result = search(SearchQuery("红楼梦"))
    assert (counts(result, Facet.YEAR), counts(result, Facet.LANGUAGE), counts(result, Facet.MATERIAL_TYPE)) == (
        {"1982": 1, "2016": 2},
        {"chi": 2, "eng": 1},
        {"book": 2, "video": 1},
    )


def test_facet_values_carry_the_names_people_know(library):
    result = search(SearchQuery("红楼梦"))
    assert {v.value: v.label for v in result.facets[Facet.BRANCH]} == {"LL01": "总馆", "LL02": "画室分馆"}


def test_a_facet_filter_keeps_the_matching_records(library):
    result = search(SearchQuery("红楼梦", filters={"branch": ["LL02"]}))
    assert result.record_ids == [library["novel"].pk]


def test_values_of_one_facet_are_alternatives(library):
    result = search(SearchQuery("红楼梦", filters={"collection": ["LL01-KIDS", "LL02-ALL"]}))
    assert sorted(result.record_ids) == sorted([library["novel"].pk, library["story"].pk])


def test_filters_of_different_facets_all_apply(library):
    result = search(SearchQuery("红楼梦", filters={"year": ["2016"], "language": ["chi"]}))
    assert result.record_ids == [library["story"].pk]


def test_a_filter_alone_browses_the_catalogue(library):
    assert search(SearchQuery("", filters={"clc": ["H"]})).record_ids == [library["study"].pk]


def test_the_selected_value_is_marked(library):
    result = search(SearchQuery("红楼梦", filters={"year": ["2016"]}))
    assert [v.value for v in result.facets[Facet.YEAR] if v.selected] == ["2016"]


def test_an_unknown_facet_is_ignored(library):
    assert search(SearchQuery("红楼梦", filters={"colour": ["red"]})).total == 3


def test_facets_count_a_sample_when_the_matches_are_too_many(library, settings):
    settings.SHUYUAN = {**settings.SHUYUAN, "SEARCH_FACET_LIMIT": 2}
    result = search(SearchQuery("红楼梦"))
    assert (result.facets_are_exact, sum(counts(result, Facet.CLC).values())) == (False, 2)


def test_the_total_stops_counting_at_the_limit(library, settings):
    settings.SHUYUAN = {**settings.SHUYUAN, "SEARCH_COUNT_LIMIT": 2}
    result = search(SearchQuery("红楼梦"))
    assert (result.total, result.total_is_exact) == (2, False)


@pytest.mark.parametrize("query", ["红", "红楼梦"])
def test_a_facet_sample_counts_the_newest_matches(query, settings):
    settings.SHUYUAN = {**settings.SHUYUAN, "SEARCH_FACET_LIMIT": 2}
    for year in (2001, 2002, 2003):
        make_record(f"红楼梦{year}", year=year, index=True)
    assert counts(search(SearchQuery(query)), Facet.YEAR) == {"2002": 1, "2003": 1}
