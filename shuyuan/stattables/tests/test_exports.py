"""Exported files carry no ID or phone number, whatever a cell holds, and no formula."""

import csv
import io

from openpyxl import load_workbook

from shuyuan.stattables import exports
from shuyuan.stattables.tables import Table
from shuyuan.testing.patrons import resident_id

NUMBER = resident_id()


def table() -> Table:
    return Table(
        title="逾期读者",
        period="2016-06-30",
        branch="总馆",
        columns=["读者证号", "姓名", "册数"],
        rows=[[NUMBER, "张三 13812345678", 2], ['=HYPERLINK("http://x")', "李四", 1]],
        total=["合计", "", 3],
    )


def every_cell_of_the_workbook() -> list[object]:
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(table()))).active
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]


def test_the_workbook_has_no_id_or_phone_number():
    text = " ".join(str(cell) for cell in every_cell_of_the_workbook())
    assert (NUMBER in text, "13812345678" in text, "合计" in text) == (False, False, True)


def test_the_csv_file_has_no_id_or_phone_number():
    text = exports.csv_bytes(table()).decode("utf-8-sig")
    assert (NUMBER in text, "13812345678" in text, "张三" in text) == (False, False, True)


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(table()).decode("utf-8-sig"))))
    assert rows[6][0].startswith("'=")


def test_numbers_stay_numbers_in_the_workbook():
    assert 3 in every_cell_of_the_workbook()
