"""A table as pages, files and e-mails show it: a title, the period and branch it covers, the header,
the rows and a total, with the definition of what is counted (the formula under every table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _g

from shuyuan.branches.models import Branch
from shuyuan.stats import figures
from shuyuan.stattables.spec import PERIODS, TableSpec

# Figures that count distinct readers or titles: their total is asked for, not added up.
DISTINCT = {
    "active_readers",
    "readers_served",
    "valid_cards",
    "volunteers",
    "titles_added",
    "local_document_kinds",
    "periodical_titles",
}


@dataclass
class Table:
    title: str
    period: str
    branch: str
    columns: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None
    definition: str = ""
    keys: list[tuple[str, ...]] = field(default_factory=list)
    drill_url: str = ""

    @property
    def subtitle(self) -> str:
        return " · ".join(part for part in (self.period, self.branch) if part)


def branch_label(branch: Branch | None) -> str:
    return branch.name if branch is not None else _g("all branches")


def period_label(period: figures.Period) -> str:
    if period.first == period.last:
        return period.first.isoformat()
    return f"{period.first.isoformat()} – {period.last.isoformat()}"


def compute(spec: TableSpec, *, branch: Branch | None, today: date) -> Table:
    """The figures a spec asks for, through ``figures`` only (which refuses anything off its lists)."""
    measure = figures.MEASURES[spec.measure]
    period = spec.period_for(today)
    filters = dict(spec.filters)
    columns = [str(figures.DIMENSIONS[name].label) for name in spec.dimensions]
    value_column = f"{measure.label}（{measure.unit}）"
    table = Table(
        title=_title(spec),
        period=period_label(period),
        branch=branch_label(branch),
        columns=[*columns, value_column],
        rows=[],
        definition=str(measure.definition),
        drill_url=figures.drill_url(spec.measure, period, branch=branch, filters=filters or None),
    )
    if not spec.dimensions:
        table.rows = [[figures.value(spec.measure, period, branch=branch, filters=filters or None)]]
        return table
    found = figures.breakdown(spec.measure, period, list(spec.dimensions), branch=branch, filters=filters or None)
    table.rows = [[*row.labels, row.value] for row in found]
    table.keys = [tuple(row.key) for row in found]
    if spec.measure in DISTINCT:
        # Distinct readers or titles do not add up across rows (a reader borrows at two desks).
        total = figures.value(spec.measure, period, branch=branch, filters=filters or None)
    else:
        total = sum(row.value for row in found)
    table.total = [_g("total"), *[""] * (len(columns) - 1), total]
    return table


def _title(spec: TableSpec) -> str:
    measure = figures.MEASURES[spec.measure]
    parts = [str(measure.label)]
    if spec.dimensions:
        parts.append(_g("broken down by") + "、".join(str(figures.DIMENSIONS[name].label) for name in spec.dimensions))
    for name, value in spec.filters:
        parts.append(f"{figures.DIMENSIONS[name].label}={value}")
    return " ".join(parts)


def period_name(spec: TableSpec) -> str:
    return str(PERIODS.get(spec.period, spec.period))
