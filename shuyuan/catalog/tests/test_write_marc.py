"""Writing MARC back out: ISO 2709 and MARCXML, MARC21 and CNMARC, losslessly when the format stays."""

from __future__ import annotations

import io
from datetime import date

from shuyuan.catalog.marc import Holding, MarcFormat, MarcXmlWriter, to_bib
from shuyuan.catalog.marc.crosswalk import bib_to_record, record_for_export
from shuyuan.catalog.tests.marc_samples import UTF8_BLANK_LEADER_09, iso, marc21_record, raw_records, read_bytes

ENTERED = date(2016, 3, 1)


def test_cnmarc_with_a_blank_leader_09_is_written_back_byte_for_byte():
    originals = raw_records(UTF8_BLANK_LEADER_09)
    results = read_bytes(b"".join(originals))
    assert [iso(result.record, MarcFormat.CNMARC) for result in results] == originals


def test_gb18030_records_can_be_written_for_legacy_systems():
    record = read_bytes(raw_records(UTF8_BLANK_LEADER_09)[0])[0].record
    [again] = read_bytes(iso(record, MarcFormat.CNMARC, encoding="gb18030"))
    assert (again.encoding.value, again.record["200"]["a"]) == ("gb18030", record["200"]["a"])


def test_marc21_written_in_utf8_sets_leader_09():
    assert iso(marc21_record())[9:10] == b"a"


def test_marcxml_written_reads_back_to_the_same_fields():
    records = [result.record for result in read_bytes(b"".join(raw_records(UTF8_BLANK_LEADER_09)))]
    buffer = io.StringIO()
    writer = MarcXmlWriter(buffer)
    for record in records:
        writer.write(record)
    writer.close()
    again = read_bytes(buffer.getvalue().encode())
    assert [r.record.as_dict() for r in again] == [r.as_dict() for r in records]


def test_a_bib_becomes_cnmarc_that_maps_back_to_the_same_fields():
    bib = to_bib(marc21_record(), MarcFormat.MARC21)
    record = bib_to_record(bib, MarcFormat.CNMARC, entered=ENTERED)
    again = to_bib(read_bytes(iso(record, MarcFormat.CNMARC))[0].record, MarcFormat.CNMARC)
    for name in (
        "title",
        "responsibility",
        "isbns",
        "publisher",
        "place",
        "year",
        "clc",
        "subjects",
        "price",
        "authors",
    ):
        assert getattr(again, name) == getattr(bib, name), name


def test_a_cnmarc_record_exported_as_marc21_keeps_its_fields():
    cnmarc = read_bytes(raw_records(UTF8_BLANK_LEADER_09)[0])[0].record
    bib = to_bib(cnmarc, MarcFormat.CNMARC)
    out = record_for_export(cnmarc, MarcFormat.CNMARC, MarcFormat.MARC21, holdings=None, entered=ENTERED)
    again = to_bib(read_bytes(iso(out))[0].record, MarcFormat.MARC21)
    assert (again.title, again.isbns, again.clc, again.year) == (bib.title, bib.isbns, bib.clc, bib.year)
    assert len(out["008"].data) == 40


def test_export_with_current_copies_replaces_the_imported_holdings():
    cnmarc = read_bytes(raw_records(UTF8_BLANK_LEADER_09)[0])[0].record
    copies = [Holding(barcode="SY0001", call_number="F124/26", branch_code="ZG")]
    out = record_for_export(cnmarc, MarcFormat.CNMARC, MarcFormat.CNMARC, holdings=copies, entered=ENTERED)
    assert [h.barcode for h in to_bib(out, MarcFormat.CNMARC).holdings] == ["SY0001"]
    assert not out.get_fields("906")


def test_the_cnmarc_fixed_data_field_is_36_characters():
    record = bib_to_record(to_bib(marc21_record(), MarcFormat.MARC21), MarcFormat.CNMARC, entered=ENTERED)
    assert len(record["100"]["a"]) == 36
