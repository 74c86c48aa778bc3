"""MARC21 records from LoC, OCLC or a university carry their Chinese, Japanese or Korean title,
names and imprint in 880 fields linked by $6: the script form is what is shown and searched, the
romanised form stays searchable, and the 880s go back out in MARC21."""

from __future__ import annotations

import io

import pytest

from shuyuan.catalog.exporting import ExportOptions, export_chunks
from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.marc import MarcFormat, read_marc
from shuyuan.catalog.models import ImportBatch, Record
from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.catalog.tests.marc_samples import MARC21_880_MARC8, MARC21_880_UTF8, MARC21_880_UTF8_NFD
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import empty_index

pytestmark = pytest.mark.django_db
FILES = pytest.mark.parametrize("path", [MARC21_880_UTF8, MARC21_880_MARC8], ids=["utf-8", "marc-8"])


def import_file(path) -> ImportBatch:
    batch = queue_import(
        ImportBatch.Kind.MARC, str(path), file_name=path.name, options=ImportOptions(), dry_run=False, at=NOW, by=None
    )
    return run_import(batch, by=None, clock=lambda: NOW)


@pytest.fixture
def imported(request):
    empty_index()
    import_file(request.param)
    return {record.control_number.strip(): record for record in Record.objects.all()}


IMPORTED = pytest.mark.parametrize(
    "imported", [MARC21_880_UTF8, MARC21_880_MARC8], ids=["utf-8", "marc-8"], indirect=True
)


@IMPORTED
def test_the_title_in_chinese_script_is_the_records_title(imported):
    assert imported["2002431587"].title == "鲁迅与浙东文化"


@IMPORTED
def test_the_romanised_title_is_kept_as_another_title(imported):
    assert imported["2002431587"].other_titles.splitlines() == ["Lu Xun yu Zhe dong wen hua"]


@IMPORTED
def test_responsibility_and_imprint_are_taken_from_their_880s(imported):
    record = imported["2002431587"]
    assert (record.responsibility, record.place, record.publisher) == ("陈越主编", "杭州市", "浙江人民出版社")


@IMPORTED
def test_the_romanised_responsibility_and_publisher_are_kept(imported):
    record = imported["2002431587"]
    assert (record.romanised_responsibility, record.romanised_publisher) == (
        "Chen Yue zhu bian",
        "Zhejiang ren min chu ban she",
    )


@IMPORTED
@pytest.mark.parametrize(
    ("text", "field", "control_number"),
    [
        ("Zhejiang ren min", Field.PUBLISHER, "2002431587"),
        ("Chen Yue zhu bian", Field.AUTHOR, "2002431587"),
        ("Nihon H\u014ds\u014d Shuppan", Field.PUBLISHER, "82152946"),
    ],
)
def test_the_romanised_responsibility_and_publisher_are_searched_in_their_fields(imported, text, field, control_number):
    assert search(SearchQuery(text, field=field)).record_ids == [imported[control_number].pk]


@IMPORTED
def test_names_series_and_subjects_keep_both_forms(imported):
    record = imported["2002431587"]
    assert record.author_list == ["陈越", "Chen, Yue"]
    assert record.series == "浙东文化研究丛书; Zhe dong wen hua yan jiu cong shu"
    assert record.subject_list[:2] == ["鲁迅--Criticism and interpretation", "Lu, Xun--Criticism and interpretation"]


@IMPORTED
@pytest.mark.parametrize(
    ("text", "control_number"),
    [
        ("鲁迅", "2002431587"),
        ("浙东文化", "2002431587"),
        ("浙江人民出版社", "2002431587"),
        ("金田一", "82152946"),
        ("日本語の特徴", "82152946"),
        ("四分律", "96172413"),
        ("律藏", "96172413"),
    ],
)
def test_a_search_in_the_original_script_finds_the_record(imported, text, control_number):
    assert search(SearchQuery(text)).record_ids == [imported[control_number].pk]


@IMPORTED
@pytest.mark.parametrize(
    ("text", "control_number"),
    [("Lu Xun yu Zhe dong wen hua", "2002431587"), ("Kindaichi", "82152946"), ("Si fen", "96172413")],
)
def test_a_search_in_the_romanised_form_still_finds_the_record(imported, text, control_number):
    assert search(SearchQuery(text)).record_ids == [imported[control_number].pk]


@FILES
def test_the_880_fields_go_back_out_in_marc21(path):
    import_file(path)
    data = b"".join(export_chunks(Record.objects.all(), ExportOptions(marc_format=MarcFormat.MARC21)))
    record = next(r.record for r in read_marc(io.BytesIO(data)) if r.record["001"].data == "2002431587")
    links = [field["6"] for field in record.get_fields("880")]
    assert links == ["245-01/$1", "260-02/$1", "490-03/$1", "600-04/$1", "700-05/$1"]
    assert record.get_fields("880")[0]["a"] == "鲁迅与浙东文化 /"


@FILES
def test_cnmarc_export_writes_the_chinese_script_in_the_main_fields(path):
    import_file(path)
    data = b"".join(export_chunks(Record.objects.all(), ExportOptions(marc_format=MarcFormat.CNMARC)))
    record = next(r.record for r in read_marc(io.BytesIO(data)) if r.record["001"].data == "2002431587")
    assert (record["200"]["a"], record["200"]["f"], record["210"]["c"]) == (
        "鲁迅与浙东文化",
        "陈越主编",
        "浙江人民出版社",
    )


@pytest.mark.parametrize("path", [MARC21_880_UTF8_NFD, MARC21_880_MARC8], ids=["utf-8-nfd", "marc-8"])
def test_accented_romanisations_are_stored_composed(path):
    import_file(path)
    record = Record.objects.get(control_number="82152946")
    assert (record.other_titles, Record.objects.get(control_number="96172413").authors) == (
        "Nihongo no tokuch\u014d",
        "Buddhaya\u015bas",
    )
