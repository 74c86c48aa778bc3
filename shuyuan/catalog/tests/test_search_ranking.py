"""Ranking: the exact title first, then titles starting with the query, then titles containing it,
then the other matches; newest first within each."""

import pytest

from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.testing.catalog import empty_index, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()


def found(text: str, **options) -> list[int]:
    return search(SearchQuery(text, **options)).record_ids


def test_the_exact_title_comes_before_newer_records_that_contain_the_query():
    exact = make_record("红楼梦", index=True)
    make_record("红楼梦研究", index=True)
    make_record("新红楼梦", index=True)
    assert found("红楼梦")[0] == exact.pk


def test_titles_starting_with_the_query_come_before_titles_containing_it():
    starting = make_record("红楼梦研究", index=True)
    containing = make_record("新红楼梦", index=True)
    assert found("红楼梦") == [starting.pk, containing.pk]


def test_titles_containing_the_query_come_before_matches_in_other_fields():
    in_title = make_record("红楼梦人物", index=True)
    elsewhere = make_record("古典小说论集", subjects="红楼梦人物研究", index=True)
    assert found("人物") == [in_title.pk, elsewhere.pk]


def test_matches_of_the_same_rank_come_newest_first():
    older = make_record("新编中国通史", index=True)
    newer = make_record("简明中国史", index=True)
    assert found("中国") == [newer.pk, older.pk]


def test_the_exact_title_by_full_pinyin_comes_first():
    exact = make_record("红楼梦", index=True)
    make_record("新红楼梦", index=True)
    assert found("hongloumeng")[0] == exact.pk


def test_the_exact_title_by_initials_comes_first():
    exact = make_record("红楼梦", index=True)
    make_record("红楼梦魇", index=True)
    assert found("hlm")[0] == exact.pk


def test_the_exact_title_ignores_punctuation_and_script():
    exact = make_record("紅樓夢", index=True)
    make_record("红楼梦的故事", index=True)
    assert found("红楼梦")[0] == exact.pk


def test_a_title_search_ranks_the_exact_title_first():
    exact = make_record("围城", index=True)
    make_record("围城内外", index=True)
    make_record("城市围城", index=True)
    assert found("围城", field=Field.TITLE)[0] == exact.pk


def test_a_ranked_record_appears_only_once():
    make_record("红楼梦", index=True)
    assert len(found("红楼梦")) == 1


def test_pages_continue_where_the_previous_one_stopped():
    records = [make_record(f"红楼梦第{n}卷", index=True) for n in range(5)]
    first = found("红楼梦", limit=3)
    second = found("红楼梦", limit=3, offset=3)
    assert sorted(first + second) == sorted(r.pk for r in records)


def test_a_ranked_candidate_that_fails_a_filter_is_left_out():
    make_record("红楼梦", year=1982, index=True)
    other = make_record("红楼梦研究", year=2016, index=True)
    assert found("红楼梦", filters={"year": ["2016"]}) == [other.pk]


@pytest.mark.parametrize("query", ["版", "出版社"])
def test_the_newest_match_comes_first_when_its_id_has_more_digits(query):
    # PostgreSQL once sorted the newest matches by their ids as text: "9" after "10".
    older = make_record("甲书", publisher="湖南人民出版社", pk=9, index=True)
    newer = make_record("乙书", publisher="湖南人民出版社", pk=10, index=True)
    assert search(SearchQuery(query)).record_ids == [newer.pk, older.pk]
