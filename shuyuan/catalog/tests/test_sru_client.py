"""The SRU client against a real SRU server on 127.0.0.1 (and against a real server's response)."""

import pytest
from pymarc import Field, Record, Subfield

from shuyuan.catalog.marc import MarcFormat
from shuyuan.catalog.sru import cql
from shuyuan.catalog.sru.client import SruError, read_response, search_retrieve
from shuyuan.catalog.sru.server import SruApp, entries_from, entries_from_file, serving
from shuyuan.catalog.sru.servers import SruServer, configured_servers
from shuyuan.catalog.tests.marc_samples import MARCXML, SRU_RESPONSE


@pytest.fixture(scope="module")
def app() -> SruApp:
    return SruApp(entries_from_file(str(MARCXML)))


@pytest.fixture(scope="module")
def server(app: SruApp):
    with serving(app) as url:
        yield SruServer("bnu", "北京师范大学图书馆", url, record_schema="unimarcxml")


def query(**fields: str) -> str:
    return cql.build({"isbn": "bath.isbn", "title": "dc.title", "author": "dc.creator"}, **fields)


def test_an_isbn_search_finds_the_record(server):
    result = search_retrieve(server, query(isbn="978-7-5037-1744-4"))
    assert [r.bib.title for r in result.records] == ["'94中国发展报告"]


def test_records_come_back_as_cnmarc(server):
    result = search_retrieve(server, query(isbn="7503717440"))
    assert result.records[0].marc_format is MarcFormat.CNMARC


def test_a_title_search_counts_every_match(server):
    assert search_retrieve(server, query(title="中国发展报告")).total == 9


def test_a_page_holds_no_more_than_asked(server):
    result = search_retrieve(server, query(title="中国发展报告"), maximum=4)
    assert (len(result.records), result.next_position) == (4, 5)


def test_the_next_page_starts_where_asked(server):
    result = search_retrieve(server, query(title="中国发展报告"), start=9, maximum=4)
    assert ([r.position for r in result.records], result.next_position) == ([9], None)


def test_title_and_author_combine(server):
    result = search_retrieve(server, query(title="发展状况", author="季野"))
    assert [r.bib.isbn for r in result.records] == ["7801275551"]


def test_the_query_sent_is_cql_with_the_servers_index_names(app, server):
    search_retrieve(server, query(isbn="7503717440", author="国家统计局"))
    assert app.requests[-1]["query"] == (
        '(bath.isbn = "9787503717444" or bath.isbn = "7503717440") and dc.creator = "国家统计局"'
    )


def test_a_diagnostic_of_the_server_is_reported(server):
    result = search_retrieve(server, 'dc.colour = "red"')
    assert result.diagnostics == ["Unsupported index — dc.colour — info:srw/diagnostic/1/16"]


def test_an_unreachable_server_raises_a_clear_error():
    with serving(SruApp([])) as url:
        pass  # the server has stopped: its port refuses connections
    with pytest.raises(SruError, match="已停用"):
        search_retrieve(SruServer("gone", "已停用", url, timeout=2), 'dc.title = "x"')


def test_a_real_servers_response_is_read_with_its_total_and_records():
    result = read_response(SRU_RESPONSE.read_bytes(), SruServer("dp2", "dp2", "http://example.org"))
    assert (result.total, len(result.records), result.next_position) == (42, 10, 11)


def test_a_real_servers_unimarcxml_records_are_read_as_cnmarc():
    result = read_response(SRU_RESPONSE.read_bytes(), SruServer("dp2", "dp2", "http://example.org"))
    assert (result.records[0].bib.title, result.records[0].marc_format) == ("'94中国发展报告", MarcFormat.CNMARC)


def test_a_record_packed_as_a_string_is_read():
    packed = SRU_RESPONSE.read_text(encoding="utf-8-sig")
    start, end = packed.index("<recordData>") + len("<recordData>"), packed.index("</recordData>")
    inner = packed[start:end].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = packed[:start] + inner + packed[end:]
    body = body.replace("<recordPacking>xml</recordPacking>", "<recordPacking>string</recordPacking>", 1)
    result = read_response(body.encode("utf-8"), SruServer("dp2", "dp2", "http://example.org"))
    assert result.records[0].bib.title == "'94中国发展报告"


def test_marc21_records_are_told_apart_from_cnmarc():
    record = Record()
    record.add_field(Field("245", indicators=["1", "0"], subfields=[Subfield("a", "Dream of the red chamber")]))
    record.add_field(Field("020", indicators=[" ", " "], subfields=[Subfield("a", "9780140443714")]))
    with serving(SruApp(entries_from([(record, MarcFormat.MARC21)]))) as url:
        result = search_retrieve(SruServer("loc", "LoC", url), 'bath.isbn = "9780140443714"')
    assert result.records[0].marc_format is MarcFormat.MARC21


def test_servers_come_from_the_settings(settings):
    settings.SHUYUAN = {
        **settings.SHUYUAN,
        "SRU_SERVERS": [
            {"code": "nlc", "name": "国家图书馆", "url": "http://example.org/sru", "indexes": {"isbn": "isbn"}}
        ],
    }
    assert [(s.code, s.indexes["isbn"], s.indexes["title"]) for s in configured_servers()] == [
        ("nlc", "isbn", "dc.title")
    ]
