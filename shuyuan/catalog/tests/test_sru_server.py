"""The small SRU server: the CQL it understands and the diagnostics it gives."""

import pytest

from shuyuan.catalog.sru import cql
from shuyuan.catalog.sru.cql import Boolean, Clause, CqlError
from shuyuan.catalog.sru.server import SruApp, entries_from_file
from shuyuan.catalog.tests.marc_samples import MARCXML


@pytest.fixture(scope="module")
def app() -> SruApp:
    return SruApp(entries_from_file(str(MARCXML)))


def test_an_index_relation_and_quoted_term_make_a_clause():
    assert cql.parse('dc.title = "中国 发展"') == Clause("dc.title", "=", "中国 发展")


def test_a_bare_term_searches_the_servers_choice():
    assert cql.parse("红楼梦") == Clause("cql.serverchoice", "=", "红楼梦")


def test_booleans_join_clauses_from_the_left():
    parsed = cql.parse('a = "1" and b = "2" or c = "3"')
    assert parsed == Boolean("or", Boolean("and", Clause("a", "=", "1"), Clause("b", "=", "2")), Clause("c", "=", "3"))


def test_an_unclosed_bracket_is_a_syntax_error():
    with pytest.raises(CqlError):
        cql.parse('(dc.title = "x"')


def test_quotes_in_a_built_query_are_escaped():
    assert cql.build({"isbn": "i", "title": "dc.title", "author": "a"}, title='他说"好"') == 'dc.title = "他说\\"好\\""'


def test_an_isbn_is_sent_in_both_lengths():
    assert cql.isbn_forms("7-5037-1744-0") == ["9787503717444", "7503717440"]


def test_a_search_answers_with_the_matching_records(app):
    body = app.respond({"operation": "searchRetrieve", "query": 'dc.creator = "季野"'}).decode()
    assert "<numberOfRecords>1</numberOfRecords>" in body


def test_not_excludes_records(app):
    body = app.respond({"operation": "searchRetrieve", "query": 'dc.title = "发展报告" not dc.title = "94"'}).decode()
    assert "<numberOfRecords>8</numberOfRecords>" in body


def test_a_syntax_error_is_diagnostic_10(app):
    body = app.respond({"operation": "searchRetrieve", "query": "(("}).decode()
    assert "info:srw/diagnostic/1/10" in body


def test_an_unknown_schema_is_diagnostic_66(app):
    body = app.respond({"operation": "searchRetrieve", "query": "x", "recordSchema": "dc"}).decode()
    assert "info:srw/diagnostic/1/66" in body


def test_a_missing_query_is_diagnostic_7(app):
    assert "info:srw/diagnostic/1/7" in app.respond({"operation": "searchRetrieve"}).decode()


def test_explain_answers_with_the_database_name(app):
    assert "<title>Shuyuan</title>" in app.respond({"operation": "explain"}).decode()
