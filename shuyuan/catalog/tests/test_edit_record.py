"""Saving a record from the editor's form or its tag editor (services_cataloguing.save_record / save_marc)."""

import pytest
from django.utils import translation

from shuyuan.catalog.errors import CatalogRefused, MarcRefused
from shuyuan.catalog.marc import MarcFormat
from shuyuan.catalog.marc.editing import to_text
from shuyuan.catalog.models import Record
from shuyuan.catalog.queries_cataloguing import already_held
from shuyuan.catalog.records import stored_marc
from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.catalog.services_cataloguing import save_marc, save_record
from shuyuan.testing.branches import NOW

pytestmark = pytest.mark.django_db

FORM = {
    "title": "平凡的世界",
    "responsibility": "路遥著",
    "authors": "路遥",
    "publisher": "人民文学出版社",
    "place": "北京",
    "year": 2012,
    "isbn": "978-7-02-009058-7",
    "price": "CNY108.00",
    "subjects": "长篇小说--中国--当代",
    "clc": "I247.5",
    "language": "chi",
}


def save(record=None, **changes):
    return save_record(record, {**FORM, **changes}, marc_format=MarcFormat.CNMARC, at=NOW, by=None)


def chinese(refused: CatalogRefused) -> str:
    with translation.override("zh-hans"):
        return str(refused.reason.label)


def test_a_record_saved_from_the_form_keeps_its_fields_in_its_marc():
    record = save()
    marc = stored_marc(record)
    assert (marc["200"]["a"], marc["690"]["a"], marc["010"]["a"]) == ("平凡的世界", "I247.5", "9787020090587")


def test_an_isbn_10_is_stored_as_isbn_13():
    assert save(isbn="7-02-003344-X").isbn == "9787020033447"


def test_an_isbn_with_a_wrong_check_digit_is_refused_in_chinese():
    with pytest.raises(CatalogRefused) as refused:
        save(isbn="978-7-02-009058-2")
    assert chinese(refused.value) == "ISBN 校验位错误"


def test_an_unknown_clc_class_is_refused_in_chinese():
    with pytest.raises(CatalogRefused) as refused:
        save(clc="L123")
    assert chinese(refused.value) == "中图法中没有这个分类号"


def test_text_with_combining_accents_is_stored_composed():
    assert save(title="Si fen lu\u0308 shi").title == "Si fen l\u00fc shi"


def test_a_change_in_the_form_rewrites_only_its_own_marc_fields():
    record = save()
    text = to_text(stored_marc(record)) + "\n801 #0 $aCN$b湖南图书馆$c20160301"
    record = save_marc(record, text, marc_format=MarcFormat.CNMARC, at=NOW, by=None)
    record = save(record, edition="2版")
    marc = stored_marc(record)
    assert (marc["205"]["a"], marc["801"]["b"]) == ("2版", "湖南图书馆")


def test_a_record_saved_from_the_tag_editor_derives_its_columns():
    record = save()
    text = to_text(stored_marc(record)).replace("$a平凡的世界", "$a平凡的世界（普及本）")
    assert save_marc(record, text, marc_format=MarcFormat.CNMARC, at=NOW, by=None).title == "平凡的世界（普及本）"


def test_a_broken_indicator_refuses_the_save_and_names_the_line():
    record = save()
    text = to_text(stored_marc(record)).replace("200 1#", "200 1?")
    with pytest.raises(MarcRefused) as refused:
        save_marc(record, text, marc_format=MarcFormat.CNMARC, at=NOW, by=None)
    assert chinese(refused.value) == "MARC 字段无法读取"
    assert [(f.tag, f.problem) for f in refused.value.findings] == [("200", "broken_indicator")]


def test_a_broken_save_changes_nothing():
    record = save()
    text = to_text(stored_marc(record)).replace("$a平凡的世界", "$a新题名").replace("200 1#", "200 1?")
    with pytest.raises(MarcRefused):
        save_marc(record, text, marc_format=MarcFormat.CNMARC, at=NOW, by=None)
    assert Record.objects.get(pk=record.pk).title == "平凡的世界"


def test_a_saved_record_is_found_by_search_at_once():
    record = save(title="芙蓉镇")
    assert search(SearchQuery("芙蓉镇", field=Field.TITLE)).record_ids == [record.pk]


def test_a_record_with_the_same_isbn_is_already_held():
    held = save()
    assert already_held(isbn="9787020090587") == [held]


def test_a_record_with_the_same_title_and_responsibility_is_already_held():
    held = save(isbn="")
    assert already_held(title="平凡的世界", responsibility="路遥著") == [held]


def test_a_record_is_not_its_own_duplicate():
    held = save()
    assert already_held(isbn=held.isbn, exclude=held.pk) == []


def test_an_isbn_10_typed_in_the_tag_editor_is_written_as_isbn_13():
    text = "200 1# $a平凡的世界\n010 ## $a7-02-003344-X"
    record = save_marc(None, text, marc_format=MarcFormat.CNMARC, at=NOW, by=None)
    assert (record.isbn, stored_marc(record)["010"]["a"]) == ("9787020033447", "9787020033447")
