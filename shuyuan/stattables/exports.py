"""A table as an Excel workbook or a CSV file. Both carry the title, period, branch and definition
above the rows, so that a file read alone says what it counts. No cell carries an ID or mobile
number: every text cell passes ``freetext.mask_personal_numbers`` (a reader's name typed with a
phone in it, a card number that is an ID number), and ``spreadsheets`` keeps formulas out."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _g

from shuyuan import spreadsheets
from shuyuan.freetext import mask_personal_numbers
from shuyuan.stattables.tables import Table

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def scrub(value: Any) -> Any:
    return mask_personal_numbers(value) if isinstance(value, str) else value


def lines(table: Table) -> list[list[Any]]:
    """The file's lines: the heading block, the header, the rows, the total, the definition."""
    out: list[list[Any]] = [[table.title], [_g("Period"), table.period], [_g("Branch"), table.branch], []]
    out.append(list(table.columns))
    out.extend(table.rows)
    if table.total is not None:
        out.append(list(table.total))
    if table.definition:
        out.extend([[], [_g("Definition"), table.definition]])
    return [[scrub(value) for value in line] for line in out]


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    spreadsheets.write_rows(out, lines(table))
    return out.getvalue().encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = (table.title[:31] or "table").replace("/", "-")
    bold = Font(bold=True)
    header_row = 5
    for number, line in enumerate(lines(table), start=1):
        sheet.append(spreadsheets.safe_row(line))
        if number in (1, header_row):
            for cell in sheet[number]:
                cell.font = bold
    for index, _column in enumerate(table.columns, start=1):
        letter = sheet.cell(row=header_row, column=index).column_letter
        sheet.column_dimensions[letter].width = 18
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_bytes(table: Table, file_format: str) -> bytes:
    return xlsx_bytes(table) if file_format == "xlsx" else csv_bytes(table)
