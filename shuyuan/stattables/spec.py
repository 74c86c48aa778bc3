"""What a table asks for, checked against the allow-lists of ``shuyuan.stats.figures``.

A request's parameters become a ``TableSpec`` only through ``parse``: the figure must be a key of
``MEASURES``, each breakdown and filter one of that figure's dimensions, a filter value a short code,
the period one of ``PERIODS``; anything else is refused with a reason. No parameter ever reaches SQL
as text: the figures module turns names into ORM lookups from its own tables. ``scope`` decides the
branch from the person, never from the request alone: a branch account sees only its branches."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.stats import figures
from shuyuan.stattables.errors import Reason, TableRefused

MAX_DIMENSIONS = 2
# Codes of dimension keys: CLC letters, channel and type codes, age bands (60+), hours, dates.
FILTER_VALUE = re.compile(r"^[\w+\-.]{1,40}$")
# The branch is chosen with its own parameter and checked against the person's branches.
NOT_A_FILTER = {"branch"}

PERIODS: dict[str, Any] = {
    "yesterday": _("yesterday"),
    "last_7_days": _("the last 7 days"),
    "this_month": _("this month"),
    "last_month": _("previous month"),
    "this_year": _("this year"),
    "last_year": _("previous year"),
    "custom": _("from … to …"),
}


@dataclass(frozen=True)
class TableSpec:
    measure: str
    dimensions: tuple[str, ...] = ()
    filters: tuple[tuple[str, str], ...] = ()
    period: str = "last_month"
    first: date | None = None
    last: date | None = None
    branch_code: str = ""

    def period_for(self, today: date) -> figures.Period:
        return period_for(self.period, self.first, self.last, today=today)

    def as_query(self) -> dict[str, Any]:
        """The parameters that ask for this table again (links and the save form)."""
        query: dict[str, Any] = {"measure": self.measure, "by": list(self.dimensions), "period": self.period}
        query["filter"] = [f"{name}={value}" for name, value in self.filters]
        if self.period == "custom":
            query["first"] = self.first.isoformat() if self.first else ""
            query["last"] = self.last.isoformat() if self.last else ""
        query["branch"] = self.branch_code
        return query


def period_for(name: str, first: date | None, last: date | None, *, today: date) -> figures.Period:
    """The days a period name means on ``today``; ``custom`` checks its own dates."""
    yesterday = today - timedelta(days=1)
    if name == "yesterday":
        first, last = yesterday, yesterday
    elif name == "last_7_days":
        first, last = today - timedelta(days=7), yesterday
    elif name == "this_month":
        first, last = today.replace(day=1), today
    elif name == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        first = last.replace(day=1)
    elif name == "this_year":
        first, last = date(today.year, 1, 1), today
    elif name == "last_year":
        first, last = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    elif name != "custom":
        raise TableRefused(Reason.UNKNOWN_PERIOD, name=name[:40])
    if first is None or last is None:
        raise TableRefused(Reason.BAD_DATE, value="")
    return figures.Period.checked(first, last, today=today)


def parse(data: Any, *, today: date) -> TableSpec:
    """A spec from request parameters (a QueryDict, or a dict of strings and lists), or a refusal."""
    measure_name = one_param(data, "measure")
    measure = figures.MEASURES.get(measure_name)
    if measure is None:
        raise TableRefused(Reason.UNKNOWN_MEASURE, name=measure_name[:40])
    dimensions = tuple(name for name in _many(data, "by") if name)
    if len(dimensions) > MAX_DIMENSIONS:
        raise TableRefused(Reason.TOO_MANY_DIMENSIONS, most=MAX_DIMENSIONS)
    if len(set(dimensions)) != len(dimensions):
        raise TableRefused(Reason.REPEATED_DIMENSION)
    for name in dimensions:
        if name not in measure.dimensions:
            raise TableRefused(Reason.UNKNOWN_DIMENSION, measure=measure.label, name=name[:40])
    filters = tuple(sorted(_filter(text, measure) for text in _many(data, "filter") if text.strip()))
    period = one_param(data, "period") or "last_month"
    first, last = (date_param(one_param(data, key)) for key in ("first", "last"))
    if period not in PERIODS:
        raise TableRefused(Reason.UNKNOWN_PERIOD, name=period[:40])
    spec = TableSpec(measure_name, dimensions, filters, period, first, last, one_param(data, "branch"))
    spec.period_for(today)  # refuses a reversed or future period now, with its message
    return spec


def scope(spec: TableSpec, user: Any) -> Branch | None:
    """The branch whose figures ``user`` sees for ``spec``: ``None`` (the whole library) only for staff
    of every branch; anyone else gets the branch asked for if it is theirs, else their first branch."""
    if acts_everywhere(user):
        if not spec.branch_code:
            return None
        branch = Branch.objects.filter(code=spec.branch_code).first()
        if branch is None:
            raise TableRefused(Reason.UNKNOWN_BRANCH, code=spec.branch_code[:20])
        return branch
    mine = branches_for(user).order_by("code")
    if spec.branch_code:
        branch = mine.filter(code=spec.branch_code).first()
        if branch is None:
            raise TableRefused(Reason.FOREIGN_BRANCH)
        return branch
    first = mine.first()
    if first is None:
        raise TableRefused(Reason.NO_BRANCH)
    return first


def checked_scope(spec: TableSpec, user: Any) -> tuple[TableSpec, Branch | None]:
    """For a saved table opened by someone else: a branch that is not theirs falls back to their own."""
    try:
        return spec, scope(spec, user)
    except TableRefused as refusal:
        if refusal.reason != Reason.FOREIGN_BRANCH:
            raise
        own = TableSpec(spec.measure, spec.dimensions, spec.filters, spec.period, spec.first, spec.last, "")
        return own, scope(own, user)


def one_param(data: Any, key: str) -> str:
    value = data.get(key, "")
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value or "").strip()[:200]


def _many(data: Any, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        values = data.getlist(key)
    else:
        raw = data.get(key, [])
        values = raw if isinstance(raw, (list, tuple)) else [raw]
    return [str(value or "").strip()[:200] for value in values]


def _filter(text: str, measure: figures.Measure) -> tuple[str, str]:
    name, _sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if name not in measure.dimensions or name in NOT_A_FILTER:
        raise TableRefused(Reason.UNKNOWN_FILTER, measure=measure.label, name=name[:40])
    if not FILTER_VALUE.match(value):
        raise TableRefused(Reason.BAD_FILTER_VALUE, value=value[:40])
    return name, value


def date_param(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TableRefused(Reason.BAD_DATE, value=text[:40]) from None


def from_saved(table: Any, *, today: date) -> TableSpec:
    """The spec of a saved table, parsed again: a figure or dimension since removed is refused."""
    data: Mapping[str, Any] = {
        "measure": table.measure,
        "by": list(table.dimensions or []),
        "filter": [f"{name}={value}" for name, value in sorted((table.filters or {}).items())],
        "period": table.period,
        "first": table.first.isoformat() if table.first else "",
        "last": table.last.isoformat() if table.last else "",
        "branch": table.branch_code,
    }
    return parse(data, today=today)
