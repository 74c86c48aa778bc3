"""Reading MARCXML record by record: collections, SRU responses, malformed XML."""

from __future__ import annotations

from shuyuan.catalog.marc import MarcFormat, Problem, Syntax
from shuyuan.catalog.tests.marc_samples import FIRST_TITLE, MARCXML, SRU_RESPONSE, read_bytes


def test_a_marcxml_collection_yields_each_record_with_its_byte_offset():
    data = MARCXML.read_bytes()
    results = read_bytes(data)
    assert len(results) == 10
    assert results[0].record["200"]["a"] == FIRST_TITLE
    assert data[results[1].offset :].startswith(b"<record")


def test_cnmarc_in_marcxml_is_recognised_as_cnmarc():
    results = read_bytes(MARCXML.read_bytes())
    assert {result.marc_format for result in results} == {MarcFormat.CNMARC}


def test_an_sru_response_yields_only_the_marc_records_not_the_sru_wrappers():
    results = read_bytes(SRU_RESPONSE.read_bytes())
    assert len(results) == 10
    assert all(result.record["001"] is not None for result in results)


def test_malformed_xml_is_reported_where_reading_stopped_after_the_good_records():
    data = MARCXML.read_bytes()
    cut = data.index(b"<record>", data.index(b"</record>"))  # start of the second record
    broken = data[:cut] + b"<record><leader>bad</record>" + data[cut:]
    results = read_bytes(broken)
    assert results[0].record is not None
    assert results[-1].problems[0].reason == Problem.MALFORMED_XML
    assert "第 178 行" in results[-1].problems[0].detail


def test_a_utf8_bom_before_the_xml_declaration_is_still_read_as_xml():
    results = read_bytes(b"\xef\xbb\xbf" + MARCXML.read_bytes())
    assert len(results) == 10


def test_the_syntax_can_be_named_instead_of_sniffed():
    results = read_bytes(MARCXML.read_bytes(), syntax=Syntax.MARCXML)
    assert len(results) == 10
