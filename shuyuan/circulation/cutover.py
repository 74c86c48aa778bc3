"""Reading the old system's open loans and holds (CSV) at cut-over: pure parsing, no database.

Loans: ``barcode,card_number,checked_out_at,due_on[,renewals][,branch]``
Holds: ``card_number,barcode,record,pickup_branch,placed_at[,not_needed_after]`` where ``barcode``
(a hold on that copy) or ``record`` (a control number or ISBN: a hold on the title) is given.
Dates are ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM[:SS]`` (``/`` also accepted), local time. A first
line naming the columns is required; column order is free; extra columns are ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

LOAN_COLUMNS = ("barcode", "card_number", "checked_out_at", "due_on")
HOLD_COLUMNS = ("card_number", "pickup_branch", "placed_at")
FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


class BadFile(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class LoanRow:
    line: int
    barcode: str
    card_number: str
    checked_out_at: datetime
    due_on: date
    renewals: int = 0
    branch_code: str = ""


@dataclass(frozen=True)
class HoldRow:
    line: int
    card_number: str
    barcode: str
    record_key: str
    pickup_branch_code: str
    placed_at: datetime
    not_needed_after: date | None = None


def parse_moment(text: str, tz: ZoneInfo) -> datetime:
    text = text.strip().replace("/", "-")
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise ValueError(_("not a date: %(text)s") % {"text": text})


def rows_of(text: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise BadFile([line_problem(1, _("missing columns %(columns)s") % {"columns": ", ".join(missing)})])
    reader.fieldnames = header
    return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]


def parse_loans(text: str, tz: ZoneInfo) -> list[LoanRow]:
    rows, problems = [], []
    for line, row in rows_of(text, LOAN_COLUMNS):
        try:
            rows.append(
                LoanRow(
                    line=line,
                    barcode=need(row, "barcode"),
                    card_number=need(row, "card_number"),
                    checked_out_at=parse_moment(need(row, "checked_out_at"), tz),
                    due_on=parse_moment(need(row, "due_on"), tz).date(),
                    renewals=whole_number(row.get("renewals") or "0"),
                    branch_code=row.get("branch", ""),
                )
            )
        except ValueError as exc:
            problems.append(line_problem(line, str(exc)))
    if problems:
        raise BadFile(problems)
    return rows


def parse_holds(text: str, tz: ZoneInfo) -> list[HoldRow]:
    rows, problems = [], []
    for line, row in rows_of(text, HOLD_COLUMNS):
        try:
            if not row.get("barcode") and not row.get("record"):
                raise ValueError(_("either barcode or record is needed"))
            rows.append(
                HoldRow(
                    line=line,
                    card_number=need(row, "card_number"),
                    barcode=row.get("barcode", ""),
                    record_key=row.get("record", ""),
                    pickup_branch_code=need(row, "pickup_branch"),
                    placed_at=parse_moment(need(row, "placed_at"), tz),
                    not_needed_after=parse_moment(row["not_needed_after"], tz).date()
                    if row.get("not_needed_after")
                    else None,
                )
            )
        except ValueError as exc:
            problems.append(line_problem(line, str(exc)))
    if problems:
        raise BadFile(problems)
    return rows


def need(row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise ValueError(_("%(column)s is empty") % {"column": column})
    return value


def whole_number(text: str) -> int:
    if not text.isdigit():
        raise ValueError(_("not a whole number: %(text)s") % {"text": text})
    return int(text)


def line_problem(line: int, problem: str) -> str:
    return _("line %(line)s: %(problem)s") % {"line": line, "problem": problem}
