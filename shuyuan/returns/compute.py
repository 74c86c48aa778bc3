"""The year's return and the assessment indicators, computed from ``shuyuan.stats.figures`` and the
hand-entered figures, each with where it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuyuan.branches.models import Branch, OpeningHours
from shuyuan.returns.lines import LINES, Line
from shuyuan.stats import figures
from shuyuan.stats.figures import Period
from shuyuan.stats.manual import known_names
from shuyuan.visits.models import Computer


def year_period(year: int, *, today: date) -> Period:
    """The calendar year, refused (with the Chinese sentence) when it has not begun; a year under way ends today."""
    return Period.checked(date(year, 1, 1), min(date(year, 12, 31), today), today=today)


@dataclass(frozen=True)
class Figure:
    line: Line
    value: Any  # int, Decimal or None (not entered)
    source: str  # the system's rows, or the hand-entered figure's source
    manual: Any = None  # a hand-entered figure shown beside the counted one
    drill_url: str = ""


def _branches(period: Period, branch: Branch | None) -> Any:
    branches = Branch.objects.filter(is_active=True)
    branches = branches.exclude(opened_on__gt=period.last)
    return branches.filter(pk=branch.pk) if branch else branches


def system_value(name: str, period: Period, branch: Branch | None) -> int:
    if name == "branches":
        return _branches(period, branch).count()
    if name == "seats":
        return int(_branches(period, branch).aggregate(n=Sum("seats"))["n"] or 0)
    if name == "e_terminals":
        computers = Computer.objects.filter(service_point__kind="e_reading_room")
        if branch is not None:
            computers = computers.filter(service_point__branch=branch)
        return computers.count()
    raise KeyError(name)


def _stock_volumes(period: Period, branch: Branch | None) -> int:
    row = figures.stock(period.last, branch=branch)
    return int(getattr(row, "volumes", 0))


def figure(line: Line, period: Period, *, branch: Branch | None = None) -> Figure:
    rows = _("the system's records")
    manual = figures.manual(line.name, period.first.year, branch=branch)
    if line.source == "measure":
        filters = dict(line.filters) or None
        return Figure(
            line,
            figures.value(line.name, period, branch=branch, filters=filters),
            rows,
            manual,
            figures.drill_url(line.name, period, branch=branch, filters=filters),
        )
    if line.source == "stock":
        ledger = _("the item ledger on %(day)s") % {"day": period.last}
        return Figure(line, _stock_volumes(period, branch), ledger, manual)
    if line.source == "system":
        return Figure(line, system_value(line.name, period, branch), rows, manual)
    if manual is None:
        if line.name not in known_names():
            return Figure(line, None, _("not yet among the figures that can be entered by hand"))
        return Figure(line, None, "")
    return Figure(line, manual.value, str(manual.source), manual)


def year_return(period: Period, *, branch: Branch | None = None) -> list[Figure]:
    return [figure(line, period, branch=branch) for line in LINES]


# --- the assessment indicators (评估定级, WH/T 70.2-2020) the data can compute ---------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    value: Decimal | int | None
    definition: str
    formula: str  # the formula with this year's numbers in it


def _ratio(numerator: int, denominator: int | Decimal | None, places: str = "0.01") -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def weekly_opening_hours(branch: Branch | None = None) -> Decimal:
    """每周开馆时间: per weekday, from the earliest opening to the latest closing of the building's
    reading and lending service points (deposit stations and kiosks outside excepted)."""
    if branch is None:
        branch = Branch.objects.filter(kind=Branch.Kind.CENTRAL).first()
    if branch is None:
        return Decimal(0)
    hours = OpeningHours.objects.filter(service_point__branch=branch, service_point__is_active=True).exclude(
        service_point__kind__in=["deposit_station", "kiosk"]
    )
    per_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in hours.values_list("weekday", "opens_at", "closes_at"):
        per_day.setdefault(weekday, []).append((opens, closes))
    total = Decimal(0)
    for spans in per_day.values():
        opens = min(s for s, _e in spans)
        closes = max(e for _s, e in spans)
        minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        total += Decimal(minutes) / 60
    return total.quantize(Decimal("0.1"))


def _n(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return f"{value:f}"


def indicators(period: Period, *, branch: Branch | None = None) -> list[Indicator]:
    value = lambda name: figures.value(name, period, branch=branch)  # noqa: E731
    loans = value("loans")
    visits = value("total_circulation_visits")
    served = value("readers_served")
    added = value("items_added")
    activities = value("activities")
    population_figure = figures.manual("population", period.first.year, branch=branch)
    population = Decimal(population_figure.value) if population_figure else None
    hours = weekly_opening_hours(branch)
    volunteers, volunteer_hours = value("volunteers"), value("volunteer_hours")
    per_visit = _ratio(visits, served)
    per_added = _ratio(added, population, "0.0001")
    per_loans = _ratio(loans, population)
    return [
        Indicator(
            "annual_loans",
            str(gettext_lazy("annual loans")),
            str(gettext_lazy("volume-times")),
            loans,
            str(figures.MEASURES["loans"].definition),
            _("loans = %(loans)s") % {"loans": _n(loans)},
        ),
        Indicator(
            "visits_per_reader",
            str(gettext_lazy("visits per registered reader")),
            str(gettext_lazy("times")),
            per_visit,
            str(
                gettext_lazy(
                    "Total circulation visits divided by the readers served "
                    "(持证读者: readers with any circulation act in the year)."
                )
            ),
            _("%(visits)s ÷ %(served)s = %(result)s")
            % {"visits": _n(visits), "served": _n(served), "result": _n(per_visit)},
        ),
        Indicator(
            "additions_per_person",
            str(gettext_lazy("additions per inhabitant")),
            str(gettext_lazy("volumes")),
            per_added,
            str(gettext_lazy("Volumes added in the year divided by the resident population (entered by hand).")),
            _("%(added)s ÷ %(population)s = %(result)s")
            % {"added": _n(added), "population": _n(population), "result": _n(per_added)},
        ),
        Indicator(
            "loans_per_person",
            str(gettext_lazy("loans per inhabitant")),
            str(gettext_lazy("volume-times")),
            per_loans,
            str(gettext_lazy("Loans in the year divided by the resident population (entered by hand).")),
            _("%(loans)s ÷ %(population)s = %(result)s")
            % {"loans": _n(loans), "population": _n(population), "result": _n(per_loans)},
        ),
        Indicator(
            "promotion_activities",
            str(gettext_lazy("reading-promotion activities")),
            str(gettext_lazy("sessions")),
            activities,
            str(figures.MEASURES["activities"].definition),
            _("activities held = %(n)s") % {"n": _n(activities)},
        ),
        Indicator(
            "weekly_hours",
            str(gettext_lazy("weekly opening hours")),
            str(gettext_lazy("hours")),
            hours,
            str(
                gettext_lazy(
                    "From the opening-hours calendar: for each weekday, the earliest opening to the latest "
                    "closing of the central library's service points, added over the week."
                )
            ),
            _("sum over the week = %(hours)s") % {"hours": _n(hours)},
        ),
        Indicator(
            "valid_cards",
            str(gettext_lazy("valid reader cards")),
            str(gettext_lazy("cards")),
            value("valid_cards"),
            str(figures.MEASURES["valid_cards"].definition),
            _("valid cards = %(n)s") % {"n": _n(value("valid_cards"))},
        ),
        Indicator(
            "total_visits",
            str(gettext_lazy("total circulation visits")),
            str(gettext_lazy("person-times")),
            visits,
            str(figures.MEASURES["total_circulation_visits"].definition),
            _("visits + activity attendance = %(n)s") % {"n": _n(visits)},
        ),
        Indicator(
            "volunteer_hours",
            str(gettext_lazy("volunteer service hours")),
            str(gettext_lazy("hours")),
            volunteer_hours,
            str(figures.MEASURES["volunteer_hours"].definition),
            _("%(volunteers)s volunteers, %(hours)s hours")
            % {"volunteers": _n(volunteers), "hours": _n(volunteer_hours)},
        ),
    ]
