"""Barcode and spine labels as PDF: Code 128 with the library's name, and the call number on its
lines (class / book number / volume), on A4 sheets of rows × columns or on a roll, one label a page.

Pure rendering: the caller picks the items and, once printed, notes it (services_cataloguing).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from reportlab import rl_config
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from shuyuan.catalog.callnumbers import label_lines
from shuyuan.catalog.conf import LabelSheet, catalog_settings
from shuyuan.pdf import cjk_font


class Kind(StrEnum):
    BARCODE = "barcode"
    SPINE = "spine"
    BOTH = "both"


@dataclass(frozen=True)
class Label:
    barcode: str
    call_number: str = ""
    title: str = ""


def sheet_named(name: str) -> LabelSheet:
    sheets = catalog_settings().label_sheets
    for sheet in sheets:
        if sheet.name == name:
            return sheet
    raise KeyError(name)


def render(labels: Iterable[Label], *, kind: Kind, sheet: LabelSheet, library_name: str, start: int = 1) -> bytes:
    """The PDF of the labels, the first in cell ``start`` (1 = top left) of the first sheet, so that a
    partly used sheet can go through the printer again."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(sheet.page_width_mm * mm, sheet.page_height_mm * mm), pageCompression=1)
    canvas.setTitle("labels")
    font = cjk_font()
    width, height = _cell_size(sheet)
    position = max(1, min(start, sheet.per_page)) - 1
    drawn = 0
    for label_kind, label in _cells(labels, kind):
        if position == sheet.per_page:
            canvas.showPage()
            position = 0
        row, column = divmod(position, sheet.columns)
        x = (sheet.margin_left_mm + column * (width + sheet.gap_x_mm)) * mm
        y = (sheet.page_height_mm - sheet.margin_top_mm - (row + 1) * height - row * sheet.gap_y_mm) * mm
        if label_kind is Kind.BARCODE:
            _barcode_label(canvas, label, x, y, width * mm, height * mm, font, library_name)
        else:
            _spine_label(canvas, label, x, y, width * mm, height * mm, font)
        position += 1
        drawn += 1
    if drawn:
        canvas.showPage()
    _save_without_ascii85(canvas)
    return out.getvalue()


def _save_without_ascii85(canvas: Canvas) -> None:
    # Streams are zlib-compressed; reportlab's pure-Python ASCII85 layer on top of that only makes
    # the file a quarter larger and took a sixth of the time of 10 000 labels.
    was = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = was


def _cells(labels: Iterable[Label], kind: Kind) -> Iterator[tuple[Kind, Label]]:
    for label in labels:
        if kind in (Kind.BARCODE, Kind.BOTH):
            yield Kind.BARCODE, label
        if kind in (Kind.SPINE, Kind.BOTH):
            yield Kind.SPINE, label


def _cell_size(sheet: LabelSheet) -> tuple[float, float]:
    width = sheet.label_width_mm or (
        (sheet.page_width_mm - 2 * sheet.margin_left_mm - (sheet.columns - 1) * sheet.gap_x_mm) / sheet.columns
    )
    height = sheet.label_height_mm or (
        (sheet.page_height_mm - 2 * sheet.margin_top_mm - (sheet.rows - 1) * sheet.gap_y_mm) / sheet.rows
    )
    return width, height


def _barcode_label(
    canvas: Canvas, label: Label, x: float, y: float, width: float, height: float, font: str, library_name: str
) -> None:
    name_form = f"library-name-{width:.0f}-{height:.0f}"
    if not canvas.hasForm(name_form):
        # The library's name is the same on every label: drawn once, placed many times.
        name_size = min(9.0, height * 0.16)
        canvas.beginForm(name_form)
        canvas.setFont(font, name_size)
        canvas.drawCentredString(width / 2, height - name_size * 1.15, _fit(library_name, width, name_size))
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name_form)
    canvas.restoreState()
    bar_height = height * 0.5
    bars, modules = code128_bars(label.barcode)
    # Modules a scanner (and zbar) can tell apart: at least 0.25 mm, wider when the label has room.
    module = max(0.25 * mm, min(0.5 * mm, width * 0.92 / (modules + 20)))
    left = x + (width - modules * module) / 2
    bottom = y + height * 0.2
    # Written as PDF operators: reportlab's rect() per bar formats numbers in pure Python and
    # costs most of a label's time.
    canvas.addLiteral(
        " ".join(
            f"{left + start * module:.3f} {bottom:.3f} {run * module:.3f} {bar_height:.3f} re" for start, run in bars
        )
        + " f"
    )
    text_size = min(8.0, height * 0.13)
    canvas.setFont("Helvetica", text_size)
    canvas.drawCentredString(x + width / 2, bottom - text_size, label.barcode)


def code128_bars(value: str) -> tuple[list[tuple[int, int]], int]:
    """The bars of the Code 128 symbol for ``value`` as (start, width) in modules, and its width
    (quiet zones excluded); reportlab chooses the code sets and the check character."""
    symbol = Code128(value)
    symbol.validate()
    symbol.encode()
    symbol.decompose()
    bars = []
    position = 0
    for ch in symbol.decomposed:
        if ch.isupper():
            run = ord(ch) - ord("A") + 1
            bars.append((position, run))
        else:
            run = ord(ch) - ord("a") + 1
        position += run
    return bars, position


def _spine_label(canvas: Canvas, label: Label, x: float, y: float, width: float, height: float, font: str) -> None:
    lines = label_lines(label.call_number) or [label.barcode]
    size = min(height / (len(lines) + 1), 16.0)
    canvas.setFont(font, size)
    top = y + height - (height - size * 1.2 * len(lines)) / 2 - size
    for index, line in enumerate(lines):
        canvas.drawCentredString(x + width / 2, top - index * size * 1.2, _fit(line, width, size))


def _fit(text: str, width: float, size: float) -> str:
    """Cut text that would run over the label (a CJK character is about one em wide)."""
    room = max(1, int(width / size))
    return text if len(text) <= room else text[: room - 1] + "…"
