"""Public searches (the OPAC, SRU) leave out records whose every copy is withdrawn (剔旧), in the
page, the count and the facets; withdrawn copies count in no branch or collection; staff still
find everything."""

import pytest

from shuyuan.catalog.models import Item
from shuyuan.catalog.search import Field, SearchQuery, index_records, search
from shuyuan.catalog.search.facets import Facet
from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import empty_index, make_collection, make_item, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()


@pytest.fixture
def shelf():
    central, studio = make_branch("LL01", name="总馆"), make_branch("LL02", name="画室分馆")
    kept = make_record("旧时代的书甲", clc="I247.5", isbn="9787020024759", index=True)
    make_item(kept, collection=make_collection(central, "LL01-A"), index=True)
    gone = make_record("旧时代的书乙", clc="I247.5", isbn="9787020024759", index=True)
    copy = make_item(gone, collection=make_collection(studio, "LL02-A"), index=True)
    Item.objects.filter(pk=copy.pk).update(status=Item.Status.WITHDRAWN)
    index_records([gone.pk])
    return {"kept": kept, "gone": gone}


def public(text, field=Field.KEYWORD, **filters):
    return search(SearchQuery(text, field, filters, public=True))


def test_a_public_search_leaves_out_a_record_whose_every_copy_is_withdrawn(shelf):
    assert public("旧时代的书").record_ids == [shelf["kept"].pk]


def test_the_public_count_leaves_it_out_too(shelf):
    assert public("旧时代的书").total == 1


def test_a_short_term_search_leaves_it_out(shelf):
    assert public("旧时").total == 1


def test_a_pinyin_search_leaves_it_out(shelf):
    assert public("jiushidai").total == 1


def test_an_isbn_search_leaves_it_out(shelf):
    assert public("9787020024759", Field.ISBN).record_ids == [shelf["kept"].pk]


def test_a_class_search_with_only_a_filter_leaves_it_out(shelf):
    assert public("", clc=["I"]).total == 1


def test_a_withdrawn_copy_counts_in_no_branch(shelf):
    facets = public("旧时代的书").facets
    assert {v.value: v.count for v in facets.get(Facet.BRANCH, [])} == {"LL01": 1}


def test_the_hidden_mark_is_never_shown_as_a_facet(shelf):
    facets = search(SearchQuery("旧时代的书")).facets
    assert all(v.value != "withdrawn" for values in facets.values() for v in values)


def test_staff_searches_still_find_it(shelf):
    assert search(SearchQuery("旧时代的书")).total == 2


def test_a_record_without_copies_yet_is_public():
    record = make_record("还没有单册的书", index=True)
    assert public("还没有单册的书").record_ids == [record.pk]


def test_the_public_class_browse_does_not_count_a_record_whose_every_copy_is_withdrawn(shelf):
    from shuyuan.opac.catalogue import class_counts

    assert class_counts() == {"I": 1}
