"""MARC fields to the fields the system uses, for CNMARC and MARC21."""

from __future__ import annotations

from shuyuan.catalog.marc import MarcFormat, MaterialType, Problem, to_bib
from shuyuan.catalog.marc.holdings import HoldingsMapping, mappings_from_settings
from shuyuan.catalog.marc.reading import check_bib
from shuyuan.catalog.tests.marc_samples import marc21_record, sample_records


def first_cnmarc():
    return to_bib(sample_records()[0], MarcFormat.CNMARC)


def test_cnmarc_title_responsibility_and_other_titles_are_mapped():
    bib = first_cnmarc()
    assert (bib.title, bib.responsibility) == ("'94中国发展报告", "国家统计局编")
    assert bib.other_titles == ["中国发展报告"]


def test_cnmarc_imprint_extent_and_price_are_mapped():
    bib = first_cnmarc()
    assert (bib.place, bib.publisher, bib.year) == ("北京", "中国统计出版社", 1994)
    assert (bib.pages, bib.price) == ("320页", "CNY68.00")


def test_cnmarc_numbers_classes_and_subjects_are_mapped():
    bib = first_cnmarc()
    assert (bib.isbn, bib.isbn_is_valid, bib.clc, bib.control_number) == (
        "7503717440",
        True,
        "F124",
        "990002180740203961",
    )
    assert bib.subjects == ["经济发展--概况--中国--1994"]
    assert (bib.language, bib.material_type) == ("chi", MaterialType.BOOK)


def test_cnmarc_authors_are_listed_from_the_7xx_fields():
    assert first_cnmarc().authors == ["叶震", "李强", "国家统计局"]


def test_cnmarc_906_copies_become_holdings_with_the_905_call_number_and_library():
    holdings = first_cnmarc().holdings
    assert [h.barcode for h in holdings] == ["1683011", "1683012", "1683013"]
    assert {(h.call_number, h.branch_code) for h in holdings} == {("F124/26", "BNU")}


def test_marc21_fields_are_mapped_without_isbd_punctuation():
    bib = to_bib(marc21_record(), MarcFormat.MARC21)
    assert (bib.title, bib.responsibility, bib.place, bib.publisher, bib.year) == (
        "红楼梦",
        "曹雪芹著",
        "北京",
        "人民文学出版社",
        2015,
    )
    assert (bib.clc, bib.language, bib.price, bib.pages) == ("I242.4", "chi", "CNY59.70", "2册")
    assert bib.subjects == ["章回小说--中国--清代"]


def test_marc21_852_copies_become_holdings():
    record = marc21_record(f852=[("b", "ZG"), ("c", "SK"), ("h", "I242.4"), ("i", "12"), ("p", "B0001")])
    [holding] = to_bib(record, MarcFormat.MARC21).holdings
    assert (holding.barcode, holding.call_number, holding.branch_code, holding.location) == (
        "B0001",
        "I242.4/12",
        "ZG",
        "SK",
    )


def test_koha_952_items_become_holdings_with_type_collection_and_price():
    record = marc21_record(
        f952=[("a", "ZG"), ("8", "ETS"), ("o", "I287/3"), ("p", "K01"), ("y", "CHILD"), ("g", "25.00")]
    )
    [holding] = to_bib(record, MarcFormat.MARC21).holdings
    assert (holding.barcode, holding.collection_code, holding.item_type_code) == ("K01", "ETS", "CHILD")
    assert (holding.call_number, str(holding.price_amount)) == ("I287/3", "25.00")


def test_the_same_barcode_twice_in_a_record_gives_one_holding():
    record = marc21_record(f852=[("p", "B1")], f952=[("p", "B1")])
    assert len(to_bib(record, MarcFormat.MARC21).holdings) == 1


def test_the_holdings_mapping_can_be_configured():
    mappings = mappings_from_settings({"marc21": [{"tag": "949", "barcode": "i", "call_number": "c"}]})
    record = marc21_record(f949=[("i", "X9"), ("c", "K29/1")])
    [holding] = to_bib(record, MarcFormat.MARC21, mappings).holdings
    assert (holding.barcode, holding.call_number) == ("X9", "K29/1")


def test_an_unknown_key_in_a_holdings_mapping_is_refused():
    try:
        HoldingsMapping.from_dict({"tag": "905", "barcode": "b", "shelf": "c"})
    except ValueError as error:
        assert "shelf" in str(error)
    else:
        raise AssertionError("an unknown key was accepted")


def test_an_invalid_isbn_check_digit_is_kept_and_flagged():
    record = marc21_record()
    record["020"].subfields[0] = record["020"].subfields[0]._replace(value="978-7-02-000220-8")
    bib = to_bib(record, MarcFormat.MARC21)
    assert (bib.isbn, bib.isbn_is_valid) == ("9787020002208", False)
    assert [p.reason for p in check_bib(bib, 1, 0)] == [Problem.INVALID_ISBN]


def test_a_record_without_a_title_is_reported():
    record = marc21_record()
    record.remove_fields("245")
    assert [p.reason for p in check_bib(to_bib(record, MarcFormat.MARC21), 3, 120)] == [Problem.NO_TITLE]


def test_a_serial_leader_gives_the_serial_material_type():
    record = marc21_record()
    record.leader = record.leader[:7] + "s" + record.leader[8:]
    assert to_bib(record, MarcFormat.MARC21).material_type is MaterialType.SERIAL


def test_isbn_check_digits_agree_with_python_stdnum():
    from stdnum import isbn as stdnum_isbn

    from shuyuan.catalog.marc.numbers import isbn_is_valid, isbn_key

    samples = [
        "7503717440",
        "750371744X",
        "9787503717444",
        "9787503717445",
        "080442957X",
        "0804429570",
        "9790000000001",
    ]
    assert [isbn_is_valid(s) for s in samples] == [stdnum_isbn.is_valid(s) for s in samples]
    assert isbn_key("7-5037-1744-0") == stdnum_isbn.to_isbn13("7503717440")
