"""A search of punctuation only asks for a search term instead of listing the whole catalogue."""

import pytest
from django.urls import reverse

from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.testing.branches import make_staff
from shuyuan.testing.catalog import empty_index, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    empty_index()
    make_record("红楼梦", index=True)
    make_record("西游记", index=True)


@pytest.mark.parametrize("text", ["！？。，", "***", " - / ", "《》"])
def test_a_search_of_punctuation_only_finds_nothing(text):
    assert search(SearchQuery(text)).record_ids == []


def test_a_search_of_punctuation_only_says_a_search_term_is_needed():
    assert search(SearchQuery("！？。，")).needs_term is True


def test_a_title_search_of_punctuation_only_finds_nothing():
    assert search(SearchQuery("***", field=Field.TITLE)).record_ids == []


def test_an_isbn_search_of_punctuation_only_says_a_search_term_is_needed():
    assert search(SearchQuery("！-", field=Field.ISBN)).needs_term is True


def test_a_search_with_a_word_among_the_punctuation_still_searches():
    assert len(search(SearchQuery("《红楼梦》")).record_ids) == 1


def test_the_search_page_asks_for_a_search_term_and_lists_no_records(client):
    client.force_login(make_staff("circulation", all_branches=True))
    content = client.get(reverse("catalog:search"), {"q": "！？。，"}).content.decode()
    assert "请输入检索词" in content
    assert "红楼梦" not in content
