"""CSV and Excel files that staff open in Excel or WPS: one writer for every export, so that no cell is
taken for a formula (CSV injection, OWASP). A text cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return (or their full-width forms) gets a leading apostrophe, which the
spreadsheet shows as text. Numbers stay numbers. A UTF-8 BOM comes first: Excel reads Chinese
correctly only with it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
BOM = "\ufeff"


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """``value``, or, for text a spreadsheet would evaluate, the text behind an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def write_rows(stream: Writable, rows: Iterable[Iterable[Any]], *, bom: bool = True) -> None:
    """Write rows (the header first) as CSV to a text stream."""
    if bom:
        stream.write(BOM)
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow(safe_row(row))


def stream_rows(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The CSV text of rows, one line at a time, for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield BOM
    for row in rows:
        writer.writerow(safe_row(row))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A whole CSV file, UTF-8 with a byte-order mark."""
    out = io.StringIO()
    write_rows(out, [header, *rows])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A whole Excel workbook of one sheet."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
