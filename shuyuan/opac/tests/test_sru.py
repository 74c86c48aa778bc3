"""SRU at /sru: explain, searchRetrieve in three schemas, CQL and diagnostics; and yaz-client over HTTP."""

import shutil
import subprocess
import tempfile

import pytest
from django.test import Client

from .conftest import Library


def sru(client: Client, **params: str) -> str:
    response = client.get("/sru", {"version": "1.2", "operation": "searchRetrieve", **params})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    return response.content.decode()


def test_explain_names_the_indexes_and_schemas(client: Client, library: Library) -> None:
    page = client.get("/sru", {"operation": "explain"}).content.decode()
    assert "explainResponse" in page and "marcxml" in page and "isbn" in page


def test_a_title_search_answers_marc21_xml(client: Client, library: Library) -> None:
    page = sru(client, query='dc.title = "红楼梦"')
    assert "<numberOfRecords>1</numberOfRecords>" in page and "http://www.loc.gov/MARC21/slim" in page
    assert 'tag="245"' in page


def test_unimarc_is_answered_when_asked(client: Client, library: Library) -> None:
    page = sru(client, query='dc.title = "红楼梦"', recordSchema="unimarc")
    assert 'tag="200"' in page and "unimarcxml" in page


def test_dublin_core_is_answered_when_asked(client: Client, library: Library) -> None:
    page = sru(client, query="bath.isbn = 9787020002207", recordSchema="dc")
    assert "<dc:title>红楼梦</dc:title>" in page


def test_boolean_queries_combine_clauses(client: Client, library: Library) -> None:
    assert "<numberOfRecords>2</numberOfRecords>" in sru(client, query="dc.title = 红楼梦 or dc.title = 西游记")
    assert "<numberOfRecords>0</numberOfRecords>" in sru(client, query="dc.title = 红楼梦 not dc.creator = 曹雪芹")
    assert "<numberOfRecords>1</numberOfRecords>" in sru(client, query="dc.title = 红楼梦 and dc.creator = 曹雪芹")


def test_exact_matching_takes_the_whole_title(client: Client, library: Library) -> None:
    assert "<numberOfRecords>0</numberOfRecords>" in sru(client, query='dc.title exact "红楼"')
    assert "<numberOfRecords>1</numberOfRecords>" in sru(client, query='dc.title exact "红楼梦"')


def test_paging_gives_the_next_record_position(client: Client, library: Library) -> None:
    page = sru(client, query="dc.subject = x or cql.anywhere = 著", maximumRecords="1")
    assert "<nextRecordPosition>2</nextRecordPosition>" in page


@pytest.mark.parametrize(
    ("params", "number"),
    [
        ({"query": 'dc.title = "unclosed'}, 10),
        ({"query": "(dc.title = a"}, 10),
        ({"query": "dc.colour = red"}, 16),
        ({"query": "dc.title < 红"}, 19),
        ({"query": "dc.title = 红", "recordSchema": "mods"}, 66),
        ({"query": "dc.title = 红", "maximumRecords": "ten"}, 6),
        ({"query": ""}, 7),
        ({"query": "红" * 10000}, 10),
    ],
)
def test_bad_requests_get_sru_diagnostics(client: Client, library: Library, params: dict, number: int) -> None:
    assert f"info:srw/diagnostic/1/{number}</uri>" in sru(client, **params)


@pytest.mark.django_db(transaction=True)
def test_yaz_client_finds_and_shows_a_record(live_server) -> None:  # type: ignore[no-untyped-def]
    from shuyuan.catalog.search import index_records
    from shuyuan.testing.catalog import empty_index, make_record

    empty_index()
    record = make_record("红楼梦", isbn="9787020002207")
    index_records([record.pk])
    commands = f"sru get 1.2\nopen {live_server.url}/sru\nquerytype cql\nfind dc.title=红楼梦\nshow 1\nquit\n"
    with tempfile.NamedTemporaryFile("w", suffix=".yaz") as script:
        script.write(commands)
        script.flush()
        run = subprocess.run(
            [shutil.which("yaz-client") or "yaz-client", "-f", script.name], capture_output=True, text=True, timeout=60
        )
    assert "Number of hits: 1" in run.stdout
    assert "红楼梦" in run.stdout


@pytest.mark.django_db(transaction=True)
def test_copy_cataloguing_out_of_the_box_searches_our_own_sru(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    from shuyuan.catalog.search import index_records
    from shuyuan.catalog.sru import copying
    from shuyuan.catalog.sru.servers import SruServer, configured_servers
    from shuyuan.testing.catalog import empty_index, make_record

    own = configured_servers()[0]
    assert own.code == "own" and own.url.endswith("/sru")
    empty_index()
    record = make_record("红楼梦", isbn="9787020002207")
    index_records([record.pk])
    server = SruServer(own.code, own.name, f"{live_server.url}/sru", record_schema=own.record_schema)
    found = copying.find(server, isbn="978-7-02-000220-7")
    assert found.error == "" and [row.remote.bib.title for row in found.rows] == ["红楼梦"]
