"""Converting the old system's CSV/Excel export: mapping, grouping, barcodes, dry run, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from shuyuan.catalog.errors import Reason
from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.marc import Problem
from shuyuan.catalog.models import ImportBatch, Item, OldBarcode, Record
from shuyuan.catalog.old_catalog import guess_mapping
from shuyuan.catalog.queries import item_by_barcode
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_collection

pytestmark = pytest.mark.django_db

HEADER = "记录号,题名,责任者,ISBN,出版社,出版年,分类号,索书号,原条码,条码\n"
ROWS = [
    "R1,醴陵瓷业志,醴陵市志编纂委员会编,978-7-5438-1234-5,湖南人民出版社,1995,K296.44,K296.44/1,0001,",
    "R1,醴陵瓷业志,醴陵市志编纂委员会编,978-7-5438-1234-5,湖南人民出版社,1995,K296.44,K296.44/1,0002,",
    "R2,水稻高产栽培技术,李明著,,湖南科学技术出版社,2012,S511,S511/3,0003,",
]


@pytest.fixture
def collection():
    return make_collection(make_branch(code="LL01", kind="central"), code="LL01-WJ")


def convert(tmp_path: Path, content: bytes, suffix: str = ".csv", *, dry_run: bool = False, **options) -> ImportBatch:
    path = tmp_path / f"old{suffix}"
    path.write_bytes(content)
    mapping = options.pop("mapping", None)
    if mapping is None:
        from shuyuan.catalog.old_catalog import read_table

        with path.open("rb") as stream:
            mapping = guess_mapping(read_table(stream, path.name)[0])
    batch = queue_import(
        ImportBatch.Kind.TABLE,
        str(path),
        file_name=path.name,
        dry_run=dry_run,
        at=NOW,
        by=None,
        options=ImportOptions(mapping=mapping, **options),
    )
    return run_import(batch, by=None, clock=lambda: NOW)


def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode(encoding)


def test_common_chinese_headers_are_guessed():
    mapping = guess_mapping(["记录号", "题名", "ISBN", "原条码", "备注列"])
    assert mapping == {"control_number": "记录号", "title": "题名", "isbn": "ISBN", "old_barcode": "原条码"}


def test_rows_of_one_record_become_one_record_with_a_copy_per_row(tmp_path, collection):
    batch = convert(tmp_path, csv_bytes(*ROWS), barcode_prefix="LL")
    assert (batch.records_created, batch.items_created) == (2, 3)
    assert Record.objects.get(control_number="R1").items.count() == 2


def test_copies_known_by_an_old_barcode_get_a_new_one_and_the_old_one_still_finds_them(tmp_path, collection):
    convert(tmp_path, csv_bytes(*ROWS), barcode_prefix="LL")
    item = item_by_barcode("0002")
    assert (item.barcode, item.record.title) == ("LL00000002", "醴陵瓷业志")
    assert OldBarcode.objects.count() == 3


def test_without_a_prefix_the_old_barcode_stays_the_barcode(tmp_path, collection):
    convert(tmp_path, csv_bytes(*ROWS))
    assert set(Item.objects.values_list("barcode", flat=True)) == {"0001", "0002", "0003"}
    assert not OldBarcode.objects.exists()


def test_a_gbk_csv_is_decoded(tmp_path, collection):
    convert(tmp_path, csv_bytes(*ROWS, encoding="gb18030"))
    assert Record.objects.filter(title="水稻高产栽培技术", publisher="湖南科学技术出版社").exists()


def test_an_excel_workbook_is_converted_like_a_csv(tmp_path, collection):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["R9", "醴陵花炮史话", "张三著", 9787543812345, "湖南人民出版社", 2001, "K892", "K892/7", 42, None])
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    convert(tmp_path, path.read_bytes(), ".xlsx")
    item = Item.objects.get()
    assert (item.barcode, item.record.isbn, item.record.year) == ("42", "9787543812345", 2001)


def test_a_mapping_to_a_missing_column_is_refused_and_nothing_stored(tmp_path, collection):
    batch = convert(tmp_path, csv_bytes(*ROWS), mapping={"title": "题名", "barcode": "新条码号"})
    problem = batch.problems.get()
    assert (batch.status, problem.reason, problem.detail) == ("failed", Reason.MISSING_COLUMN, "新条码号")
    assert not Record.objects.exists()


def test_a_row_without_a_title_is_reported_with_its_row_number(tmp_path, collection):
    batch = convert(tmp_path, csv_bytes(ROWS[2], "R3,,佚名,,,,,,0009,"))
    problem = batch.problems.get(skipped=True)
    assert (problem.number, problem.reason) == (3, Problem.NO_TITLE)
    assert Record.objects.count() == 1


def test_a_dry_run_counts_what_would_happen_and_stores_nothing(tmp_path, collection):
    batch = convert(tmp_path, csv_bytes(*ROWS), dry_run=True, barcode_prefix="LL")
    assert (batch.records_created, batch.items_created, batch.status) == (2, 3, "done")
    assert (Record.objects.count(), Item.objects.count(), OldBarcode.objects.count()) == (0, 0, 0)


def test_an_invalid_isbn_in_a_row_is_kept_and_flagged(tmp_path, collection):
    batch = convert(tmp_path, csv_bytes("R5,测试,某某,978-7-5438-1234-6,出版社,2010,,,,B5"))
    assert [p.reason for p in batch.problems.all()] == [Problem.INVALID_ISBN]
    assert Record.objects.get().isbn_is_valid is False
