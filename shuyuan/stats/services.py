"""Writes of the statistics app: figures entered by hand or imported from a spreadsheet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from shuyuan.audit.log import record
from shuyuan.branches.models import Branch
from shuyuan.stats.errors import Reason, StatsRefusal
from shuyuan.stats.manual import known_names
from shuyuan.stats.models import ManualFigure

MAX_VALUE = Decimal("1e12")


def by_label(by: Any) -> str:
    return "" if by is None else str(getattr(by, "username", by))[:150]


def _store(
    name: str,
    first: date,
    last: date,
    value: Decimal,
    source: str,
    *,
    branch: Branch | None,
    note: str,
    at: datetime,
    by: Any,
) -> ManualFigure:
    figure, _created = ManualFigure.objects.update_or_create(
        name=name,
        first=first,
        last=last,
        branch=branch,
        defaults={"value": value, "source": source, "note": note, "entered_at": at, "by_label": by_label(by)},
    )
    record(
        "stats.figure_entered",
        at=at,
        by=by,
        obj=figure,
        detail={
            "name": name,
            "first": first.isoformat(),
            "last": last.isoformat(),
            "value": str(value),
            "source": source,
        },
    )
    return figure


def _check(name: str, first: date, last: date, value: Decimal, source: str) -> None:
    if name not in known_names():
        raise StatsRefusal(Reason.UNKNOWN_MANUAL, name=name[:40])
    if last < first:
        raise StatsRefusal(Reason.PERIOD_REVERSED, first=first.isoformat(), last=last.isoformat())
    if value < 0:
        raise StatsRefusal(Reason.NEGATIVE)
    if not source.strip():
        raise StatsRefusal(Reason.NO_SOURCE)


@transaction.atomic(durable=True)
def enter_figure(
    name: str,
    first: date,
    last: date,
    value: Decimal,
    *,
    source: str,
    branch: Branch | None = None,
    note: str = "",
    at: datetime,
    by: Any,
) -> ManualFigure:
    """Enter (or replace) the figure ``name`` for a period and branch, saying where it comes from."""
    _check(name, first, last, value, source)
    return _store(name, first, last, value, source.strip(), branch=branch, note=note, at=at, by=by)


# The spreadsheet of historical figures ---------------------------------------------------------------

COLUMNS = {
    "name": ("指标", "figure", "name"),
    "first": ("开始日期", "from", "first"),
    "last": ("结束日期", "to", "last"),
    "branch": ("分馆", "branch"),
    "value": ("数值", "value"),
    "source": ("来源", "source"),
    "note": ("备注", "note"),
}
REQUIRED = ("name", "first", "last", "value", "source")


@dataclass(frozen=True)
class RefusedCell:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str
    value: str
    reason: str


class ImportRefused(StatsRefusal):
    def __init__(self, cells: list[RefusedCell]) -> None:
        super().__init__(Reason.BAD_CELLS, count=len(cells))
        self.cells = cells


def read_sheet(content: bytes, filename: str) -> list[list[Any]]:
    """The rows of the first sheet of an .xlsx file, or of a CSV file (UTF-8, with or without BOM)."""
    if filename.lower().endswith(".csv"):
        import csv

        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")
            except UnicodeDecodeError:
                raise StatsRefusal(Reason.BAD_FILE) from None
        return [list(row) for row in csv.reader(io.StringIO(text))]
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise StatsRefusal(Reason.BAD_FILE) from None
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _header(row: list[Any]) -> dict[str, int]:
    where: dict[str, int] = {}
    for index, cell in enumerate(row):
        text = str(cell or "").strip().lower()
        for field, names in COLUMNS.items():
            if text in names:
                where[field] = index
    for field in REQUIRED:
        if field not in where:
            raise StatsRefusal(Reason.MISSING_COLUMN, column=COLUMNS[field][0])
    return where


def _as_date(cell: Any) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return date.fromisoformat(str(cell).strip().replace("/", "-").replace(".", "-"))


def labels_of(names: dict[str, Any]) -> dict[str, str]:
    """Each figure's name by its label, in Chinese and in English, whatever language is active."""
    from django.utils import translation

    found = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            found.update({str(label): key for key, label in names.items()})
    return found


def _parse_row(
    number: int, row: list[Any], where: dict[str, int], names: dict[str, Any], branches: dict[str, Branch]
) -> tuple[dict[str, Any], list[RefusedCell]]:
    def cell(field: str) -> Any:
        index = where.get(field)
        return row[index] if index is not None and index < len(row) else None

    parsed: dict[str, Any] = {}
    refused: list[RefusedCell] = []

    def refuse(field: str, reason: str) -> None:
        refused.append(
            RefusedCell(number, COLUMNS[field][0], str(cell(field) if cell(field) is not None else "")[:60], reason)
        )

    name = str(cell("name") or "").strip()
    by_label_name = labels_of(names)
    if name in names or name in by_label_name:
        parsed["name"] = by_label_name.get(name, name)
    else:
        refuse("name", _("not a figure the system knows"))
    for field in ("first", "last"):
        try:
            parsed[field] = _as_date(cell(field))
        except (ValueError, TypeError):
            refuse(field, _("not a date (write it as 2015-12-31)"))
    if "first" in parsed and "last" in parsed and parsed["last"] < parsed["first"]:
        refuse("last", _("ends before it starts"))
    raw = cell("value")
    try:
        value = Decimal(str(raw).strip().replace(",", "").replace("，", "").replace(" ", ""))
        if not value.is_finite() or value < 0 or value >= MAX_VALUE:
            raise InvalidOperation
        parsed["value"] = value
    except (InvalidOperation, ValueError):
        refuse("value", _("not a number of zero or more"))
    source = str(cell("source") or "").strip()
    if source:
        parsed["source"] = source[:200]
    else:
        refuse("source", _("empty: say where the figure comes from"))
    code = str(cell("branch") or "").strip()
    if code and code not in branches:
        refuse("branch", _("no branch with this code"))
    parsed["branch"] = branches.get(code)
    parsed["note"] = str(cell("note") or "").strip()[:200]
    return parsed, refused


@transaction.atomic(durable=True)
def import_figures(content: bytes, filename: str, *, at: datetime, by: Any) -> list[ManualFigure]:
    """Import historical figures from a spreadsheet (指标, 开始日期, 结束日期, 分馆, 数值, 来源, 备注).
    All or nothing: any garbled cell refuses the file, listing every refused cell with its reason."""
    table = [row for row in read_sheet(content, filename) if any(c not in (None, "") for c in row)]
    if len(table) < 2:
        raise StatsRefusal(Reason.EMPTY_FILE)
    where = _header(table[0])
    names = known_names()
    branches = {b.code: b for b in Branch.objects.all()}
    parsed_rows, refused = [], []
    for number, row in enumerate(table[1:], start=2):
        parsed, bad = _parse_row(number, row, where, names, branches)
        refused += bad
        parsed_rows.append(parsed)
    if refused:
        raise ImportRefused(refused)
    return [
        _store(
            p["name"], p["first"], p["last"], p["value"], p["source"], branch=p["branch"], note=p["note"], at=at, by=by
        )
        for p in parsed_rows
    ]
