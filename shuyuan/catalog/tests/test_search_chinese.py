"""Chinese queries of every length, pinyin, initials and traditional characters, on either database."""

import pytest

from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.testing.catalog import empty_index, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()


def found(text: str, **options) -> list[int]:
    return search(SearchQuery(text, **options)).record_ids


def test_a_one_character_query_finds_the_records_with_that_character():
    record = make_record("红楼梦", index=True)
    make_record("西游记", index=True)
    assert found("梦") == [record.pk]


def test_a_two_character_query_finds_a_record_although_trigrams_need_three():
    record = make_record("中国个体户调查", index=True)
    assert found("个体") == [record.pk]


def test_a_two_character_query_finds_what_like_against_the_trigram_table_misses():
    # SQLite 3.40: LIKE '%个体%' on a trigram FTS5 table returns no rows; the search never uses it.
    record = make_record("个体经济研究", index=True)
    assert found("个体") == [record.pk]


def test_a_three_character_query_finds_it_inside_a_title():
    record = make_record("新编红楼梦研究", index=True)
    assert found("红楼梦") == [record.pk]


def test_a_five_character_query_finds_it_inside_a_title():
    record = make_record("醴陵市地方志资料汇编", index=True)
    assert found("地方志资料") == [record.pk]


def test_a_longer_query_does_not_find_a_title_that_only_shares_its_start():
    make_record("红楼梦", index=True)
    assert found("红楼梦魇") == []


def test_every_term_of_a_query_must_match():
    both = make_record("红楼梦", responsibility="曹雪芹著", index=True)
    make_record("红楼梦研究", responsibility="俞平伯著", index=True)
    assert found("红楼梦 曹雪芹") == [both.pk]


def test_terms_of_different_lengths_combine():
    both = make_record("水稻栽培技术", publisher="湖南科学技术出版社", index=True)
    make_record("水稻病虫害", publisher="中国农业出版社", index=True)
    assert found("稻 湖南") == [both.pk]


def test_a_traditional_query_finds_a_simplified_record():
    record = make_record("红楼梦", index=True)
    assert found("紅樓夢") == [record.pk]


def test_a_simplified_query_finds_a_traditional_record():
    record = make_record("紅樓夢", index=True)
    assert found("红楼梦") == [record.pk]


def test_a_traditional_one_character_query_finds_a_simplified_record():
    record = make_record("学习", index=True)
    assert found("學") == [record.pk]


def test_full_pinyin_finds_a_title():
    record = make_record("红楼梦", index=True)
    assert found("hongloumeng") == [record.pk]


def test_initials_find_a_title():
    record = make_record("红楼梦", index=True)
    assert found("hlm") == [record.pk]


def test_pinyin_finds_a_title_that_contains_the_word_later():
    record = make_record("新红楼梦", index=True)
    assert found("hongloumeng") == [record.pk]


def test_initials_of_two_letters_find_titles_starting_with_them():
    record = make_record("红楼梦", index=True)
    assert found("hl") == [record.pk]


def test_an_author_is_found_by_the_pinyin_of_a_surname_that_pypinyin_misreads():
    record = make_record("评书三国演义", responsibility="单田芳播讲", authors="单田芳", index=True)
    assert found("shantianfang") == [record.pk]


def test_an_author_is_not_found_by_the_common_reading_of_the_surname():
    make_record("评书三国演义", responsibility="单田芳播讲", authors="单田芳", index=True)
    assert found("dantianfang") == []


def test_an_author_is_found_by_initials():
    record = make_record("评书三国演义", authors="单田芳", index=True)
    assert found("stf", field=Field.AUTHOR) == [record.pk]


def test_authors_are_read_from_the_statement_of_responsibility_when_the_record_lists_none():
    record = make_record("纪晓岚文集", responsibility="(清)纪昀著", authors="", index=True)
    assert found("jiyun") == [record.pk]


@pytest.mark.parametrize(
    ("fields", "query"),
    [
        ({"responsibility": "鲁迅著"}, "鲁迅"),
        ({"publisher": "岳麓书社"}, "岳麓"),
        ({"subjects": "花卉\n园艺"}, "园艺"),
        ({"series": "湖湘文库"}, "湖湘文库"),
        ({"other_titles": "醴陵瓷业史"}, "瓷业"),
    ],
)
def test_keywords_search_responsibility_publisher_subjects_series_and_other_titles(fields, query):
    record = make_record("某书", **fields, index=True)
    assert found(query) == [record.pk]


def test_a_title_search_does_not_look_at_the_publisher():
    make_record("某书", publisher="岳麓书社", index=True)
    assert found("岳麓", field=Field.TITLE) == []


def test_an_author_search_finds_the_author():
    record = make_record("呐喊", responsibility="鲁迅著", index=True)
    assert found("鲁迅", field=Field.AUTHOR) == [record.pk]


def test_latin_words_are_found_by_their_beginning():
    record = make_record("Python编程入门", index=True)
    assert found("pyth") == [record.pk]


def test_full_width_query_finds_ascii_text():
    record = make_record("Python编程入门", index=True)
    assert found("ＰＹＴＨＯＮ") == [record.pk]
