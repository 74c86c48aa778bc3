"""Field searches: ISBN in any form, ISSN, barcode, old barcode, call number and CLC prefixes."""

import pytest

from shuyuan.catalog.models import OldBarcode
from shuyuan.catalog.search import Field, SearchQuery, index_records, search
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import empty_index, make_item, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()


def found(text: str, **options) -> list[int]:
    return search(SearchQuery(text, **options)).record_ids


@pytest.mark.parametrize(
    "typed", ["9787020002207", "978-7-02-000220-7", "978 7 02 000220 7", "702000220X", "7-02-000220-x"]
)
def test_an_isbn_is_found_in_any_form(typed):
    record = make_record("红楼梦", isbn="978-7-02-000220-7", index=True)
    assert found(typed, field=Field.ISBN) == [record.pk]


def test_an_isbn_10_in_the_record_is_found_by_its_isbn_13():
    record = make_record("红楼梦", isbn="7-02-000220-X", index=True)
    assert found("9787020002207", field=Field.ISBN) == [record.pk]


def test_an_isbn_with_a_wrong_check_digit_is_found_as_written():
    record = make_record("某书", isbn="9787020002208", index=True)
    assert found("978-7-02-000220-8", field=Field.ISBN) == [record.pk]


def test_a_keyword_that_is_an_isbn_finds_the_record():
    record = make_record("红楼梦", isbn="9787020002207", index=True)
    assert found("978-7-02-000220-7") == [record.pk]


def test_an_issn_is_found_with_or_without_its_hyphen():
    record = make_record("读者", issn="1005-1805", material_type="serial", index=True)
    assert found("10051805", field=Field.ISSN) == [record.pk]


def test_a_barcode_is_found_whatever_its_case():
    record = make_record("红楼梦", index=True)
    make_item(record, "ll00012345", index=True)
    assert found("LL00012345", field=Field.BARCODE) == [record.pk]


def test_a_keyword_that_is_a_barcode_finds_the_record():
    record = make_record("红楼梦", index=True)
    make_item(record, "LL00012345", index=True)
    assert found("LL00012345") == [record.pk]


def test_an_old_barcode_still_finds_a_relabelled_item():
    record = make_record("红楼梦", index=True)
    item = make_item(record, "LL00012345", index=True)
    OldBarcode.objects.create(barcode="0098765", item=item, created_at=NOW)
    index_records([record.pk])
    assert found("0098765", field=Field.OLD_BARCODE) == [record.pk]


def test_an_old_barcode_is_found_by_a_keyword_search():
    record = make_record("红楼梦", index=True)
    item = make_item(record, "LL00012345", index=True)
    OldBarcode.objects.create(barcode="0098765", item=item, created_at=NOW)
    index_records([record.pk])
    assert found("0098765") == [record.pk]


def test_a_barcode_search_does_not_find_an_old_barcode():
    record = make_record("红楼梦", index=True)
    item = make_item(record, "LL00012345", index=True)
    OldBarcode.objects.create(barcode="0098765", item=item, created_at=NOW)
    index_records([record.pk])
    assert found("0098765", field=Field.BARCODE) == []


def test_a_call_number_is_found_by_its_beginning():
    record = make_record("红楼梦", index=True)
    make_item(record, call_number="I242.4/12", index=True)
    make_item(make_record("西游记", index=True), call_number="I242.3/7")
    assert found("i242.4", field=Field.CALL_NUMBER) == [record.pk]


def test_a_clc_class_finds_its_subclasses():
    poetry = make_record("唐诗三百首", clc="I222.742", index=True)
    make_record("红楼梦", clc="I242.4", index=True)
    assert found("I222", field=Field.CLC) == [poetry.pk]


def test_an_empty_identifier_finds_nothing():
    make_record("红楼梦", isbn="9787020002207", index=True)
    assert found("  ", field=Field.ISBN) == []
