from django.test import Client

from .conftest import Library


def test_a_chinese_title_is_found(client: Client, library: Library) -> None:
    page = client.get("/search/", {"q": "红楼梦"}).content.decode()
    assert f"/record/{library.record.pk}/" in page


def test_pinyin_and_initials_find_the_title(client: Client, library: Library) -> None:
    for query in ("hongloumeng", "hlm"):
        assert f"/record/{library.record.pk}/" in client.get("/search/", {"q": query}).content.decode()


def test_facets_are_shown_and_narrow_the_result(client: Client, library: Library) -> None:
    page = client.get("/search/", {"q": "I242.4", "field": "clc"}).content.decode()
    assert "中图分类号" in page and "出版年" in page
    narrowed = client.get("/search/", {"q": "曹雪芹", "field": "author", "clc": "I"}).content.decode()
    assert f"/record/{library.record.pk}/" in narrowed


def test_the_newest_and_title_orders_answer(client: Client, library: Library) -> None:
    newest = client.get("/search/", {"q": "I242.4", "field": "clc", "sort": "newest"}).content.decode()
    titles = client.get("/search/", {"q": "I242.4", "field": "clc", "sort": "title"}).content.decode()
    assert newest.index("西游记") < newest.index("红楼梦")  # catalogued later
    assert titles.index("红楼梦") < titles.index("西游记")  # hong before xi


def test_odd_queries_are_answered_with_a_message_and_never_an_error(client: Client, library: Library) -> None:
    for query in ("", "!!!…", "x" * 10000, "<script>alert(1)</script>", "' OR 1=1; DROP TABLE catalog_record; --"):
        response = client.get("/search/", {"q": query, "page": "abc", "sort": "nonsense", "field": "nope"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_very_long_query_is_cut_and_the_reader_told(client: Client, library: Library) -> None:
    page = client.get("/search/", {"q": "红" * 10000}).content.decode()
    assert "200" in page and "字" in page


def test_the_advanced_form_with_its_optional_fields_left_empty_still_finds(client: Client, library: Library) -> None:
    params = {"field": "title", "q": "红楼梦", "clc": "", "branch": "", "year": ""}
    page = client.get("/search/", params).content.decode()
    assert f"/record/{library.record.pk}/" in page


def test_a_facet_alone_lists_its_records(client: Client, library: Library) -> None:
    page = client.get("/search/", {"clc": "I"}).content.decode()
    assert f"/record/{library.record.pk}/" in page


def test_a_facet_link_keeps_the_query(client: Client, library: Library) -> None:
    page = client.get("/search/", {"q": "红楼梦"}).content.decode()
    assert "q=%E7%BA%A2%E6%A5%BC%E6%A2%A6" in page and "clc=I" in page
