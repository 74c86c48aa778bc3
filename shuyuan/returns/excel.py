"""The return in its layout as an Excel workbook (groups, codes, fields, units, values, sources), and
the indicators with their definitions and formulas."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from shuyuan.returns.compute import Figure, Indicator
from shuyuan.spreadsheets import safe_row


def render(title: str, figures: Sequence[Figure], indicators: Sequence[Indicator]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Return")[:31]
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(safe_row([_("group"), _("code"), _("field"), _("unit"), _("value"), _("source")]))
    group_start, group = 3, None
    for row, figure in enumerate(figures, start=3):
        line = figure.line
        if str(line.group) != group:
            if group is not None and row - 1 > group_start:
                sheet.merge_cells(start_row=group_start, start_column=1, end_row=row - 1, end_column=1)
            group, group_start = str(line.group), row
        sheet.append(
            safe_row([str(line.group), line.code, str(line.label), str(line.unit), figure.value, figure.source])
        )
    last = 2 + len(figures)
    if group is not None and last > group_start:
        sheet.merge_cells(start_row=group_start, start_column=1, end_row=last, end_column=1)
    for column, width in zip("ABCDEF", (14, 6, 40, 12, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    evidence = book.create_sheet(_("Assessment indicators")[:31])
    evidence.append(safe_row([_("indicator"), _("unit"), _("value"), _("definition"), _("formula")]))
    for indicator in indicators:
        evidence.append(
            safe_row([indicator.label, indicator.unit, indicator.value, indicator.definition, indicator.formula])
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
