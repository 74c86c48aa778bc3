"""Statistics: every figure computed from the rows the other domains record, with the list of rows it
counts one link away. The public contract of the statistics app (docs: README, Statistics).

Figures that add up over days (loans, new readers, visits …) come from the daily roll-ups for the days
the roll-up has built, and live from the rows for the rest (today, and days changed since the last
build); the rest are counted from the rows each time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.outreach import queries as outreach_queries
from shuyuan.outreach.models import Activity, Shift
from shuyuan.stats import sources
from shuyuan.stats.dimensions import DIMENSIONS, Dimension, ReturnRow, key_of
from shuyuan.stats.errors import Reason, StatsRefusal
from shuyuan.stats.ledger import StockRow, stock
from shuyuan.stats.manual import MANUAL_FIGURES, ManualFigure, manual
from shuyuan.visits import queries as visit_queries

__all__ = [
    "DIMENSIONS",
    "MANUAL_FIGURES",
    "MEASURES",
    "Dimension",
    "ManualFigure",
    "Measure",
    "Period",
    "Row",
    "StatsRefusal",
    "StockRow",
    "breakdown",
    "drill_url",
    "manual",
    "rows",
    "stock",
    "value",
]


@dataclass(frozen=True)
class Period:
    """Local days (Asia/Shanghai), both ends inclusive."""

    first: date
    last: date

    @classmethod
    def checked(cls, first: date, last: date, *, today: date) -> Period:
        if last < first:
            raise StatsRefusal(Reason.PERIOD_REVERSED, first=first.isoformat(), last=last.isoformat())
        if first > today:
            raise StatsRefusal(Reason.FUTURE_PERIOD, first=first.isoformat())
        return cls(first, last)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def year_before(self) -> Period:
        return Period(_year_earlier(self.first), _year_earlier(self.last))

    def days(self) -> int:
        return (self.last - self.first).days + 1

    def each_day(self) -> Iterable[date]:
        for n in range(self.days()):
            yield self.first + timedelta(days=n)

    def __str__(self) -> str:
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Measure:
    name: str
    label: Any  # lazy text
    unit: str
    definition: Any  # lazy text: what is counted, from which rows
    dimensions: tuple[str, ...]
    has_branch: bool = True  # False: the rows belong to the library, not to a branch


@dataclass(frozen=True)
class Row:
    key: tuple[str, ...]
    labels: tuple[str, ...]
    value: int


VISIT_DIMENSIONS = ("branch", "service_point", "day", "weekday", "month")
ATTENDANCE_DIMENSIONS = ("branch", "service_point", "activity_kind", "return_row", "hour", "day", "weekday", "month")


def _measure(name: str, label: Any, unit: Any, definition: Any, dimensions: tuple[str, ...] | None = None) -> Measure:
    spec = sources.ROWS.get(name)
    dims = dimensions if dimensions is not None else (spec.dimensions() if spec else ())
    has_branch = (spec.branch is not None) if spec else ("branch" in dims)
    return Measure(name, label, str(unit), definition, dims, has_branch)


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        _measure(
            "loans", _("loans"), _("volumes"), _("Checkouts of print items (circulation events of kind checkout).")
        ),
        _measure(
            "returns",
            _("returns"),
            _("volumes"),
            _("Check-ins of print items, counted at the branch where they were returned."),
        ),
        _measure("renewals", _("renewals"), _("volumes"), _("Renewals (circulation events of kind renewal).")),
        _measure("in_house_use", _("in-house use"), _("volumes"), _("Items used in the library and recorded as such.")),
        _measure(
            "loans_and_returns",
            _("loans and returns (print)"),
            _("volumes"),
            _("Checkouts plus check-ins of print items; renewals are counted apart."),
        ),
        _measure(
            "e_lendings",
            _("electronic lendings"),
            _("volumes"),
            _("E-book loans reported by the e-resource platforms for the months of the period (latest import)."),
        ),
        _measure(
            "active_readers",
            _("active readers"),
            _("readers"),
            _("Distinct readers with a checkout or a renewal in the period."),
        ),
        _measure(
            "readers_served",
            _("readers served"),
            _("readers"),
            _("Distinct readers with any circulation act in the period (持证读者 in the official sense)."),
        ),
        _measure(
            "new_readers", _("new readers"), _("readers"), _("New cards issued (registration events of kind new card).")
        ),
        _measure(
            "valid_cards",
            _("valid cards"),
            _("readers"),
            _("Readers registered by the period's last day whose card is active and not expired on that day."),
        ),
        _measure(
            "visits",
            _("visits"),
            _("visits"),
            _(
                "Visits per service point and day: people counters first, then desk tallies, then e-reading room "
                "sessions, then distinct readers served; corrected counts replace the counts they correct."
            ),
            VISIT_DIMENSIONS,
        ),
        _measure(
            "activity_attendance",
            _("activity attendance"),
            _("visits"),
            _("People at activities held in the period: tickets checked in plus those counted at the door."),
            ATTENDANCE_DIMENSIONS,
        ),
        _measure(
            "total_circulation_visits",
            _("total circulation visits"),
            _("visits"),
            _("总流通人次: visits plus attendance at activities."),
            VISIT_DIMENSIONS,
        ),
        _measure("activities", _("activities"), _("sessions"), _("Activities held in the period (status held).")),
        _measure(
            "volunteers",
            _("volunteers"),
            _("people"),
            _("Distinct volunteers with a completed shift in the period."),
        ),
        _measure(
            "volunteer_hours",
            _("volunteer hours"),
            _("hours"),
            _("Hours of completed volunteer shifts begun in the period, from check-in to check-out."),
            ("service_point", "day", "weekday", "month"),
        ),
        _measure("trainings", _("staff trainings"), _("sessions"), _("Staff trainings that began in the period.")),
        _measure(
            "training_attendance",
            _("staff training attendance"),
            _("people"),
            _("Staff attending the trainings that began in the period, one per training and person."),
        ),
        _measure("items_added", _("items added"), _("volumes"), _("Items created in the catalogue in the period.")),
        _measure(
            "titles_added",
            _("titles added"),
            _("titles"),
            _("Distinct records of the items created in the period."),
        ),
        _measure(
            "items_withdrawn",
            _("items withdrawn"),
            _("volumes"),
            _("Item status changes to withdrawn in the period (weeding)."),
        ),
        _measure(
            "volumes_bought",
            _("volumes bought"),
            _("volumes"),
            _("Copies received from vendors in the period (acquisitions receipts)."),
        ),
        _measure(
            "volumes_donated", _("volumes donated"), _("volumes"), _("Volumes of the donations received in the period.")
        ),
        _measure(
            "local_document_kinds",
            _("local documents (kinds)"),
            _("titles"),
            _("Distinct titles of the local documents received in the period."),
        ),
        _measure(
            "local_document_volumes",
            _("local documents (volumes)"),
            _("volumes"),
            _("Volumes of the local documents received in the period."),
        ),
        _measure(
            "periodical_titles",
            _("periodical titles"),
            _("titles"),
            _("Distinct titles subscribed for the years of the period."),
        ),
    )
}


def measure_of(name: str) -> Measure:
    try:
        return MEASURES[name]
    except KeyError:
        raise StatsRefusal(Reason.UNKNOWN_MEASURE, name=str(name)[:40]) from None


def _checked(measure: Measure, by: Sequence[str], filters: Mapping[str, str] | None) -> dict[str, Any]:
    for name in (*by, *(filters or {})):
        if name not in measure.dimensions:
            raise StatsRefusal(Reason.DIMENSION_NOT_ALLOWED, measure=measure.label, dimension=str(name)[:40])
    return {name: DIMENSIONS[name].parse(str(key)) for name, key in (filters or {}).items()}


# Counting -------------------------------------------------------------------------------------------


def counts(
    name: str,
    period: Period,
    by: Sequence[str] = (),
    *,
    branch: Branch | None = None,
    filters: Mapping[str, str] | None = None,
) -> dict[tuple[str, ...], int]:
    """The figure per key of ``by`` (one key, ``()``, when ``by`` is empty)."""
    measure = measure_of(name)
    parsed = _checked(measure, by, filters)
    if branch is not None and not measure.has_branch:
        return {}
    from shuyuan.stats import rollups  # the roll-ups read this module's measures

    return rollups.counts(measure, period, tuple(by), branch=branch, filters=parsed, live=live_counts)


def live_counts(
    measure: Measure,
    period: Period,
    by: tuple[str, ...],
    *,
    branch: Branch | None,
    filters: Mapping[str, Any],
) -> dict[tuple[str, ...], int]:
    """The figure counted from the rows themselves."""
    fact_measure = FACTS.get(measure.name)
    if fact_measure is not None:
        return _fold(fact_measure(period, branch), by, filters)
    spec = sources.ROWS[measure.name]
    selected = _filtered(spec, period, branch, filters)
    if not by:
        total = selected.aggregate(n=spec.total())["n"]
        return {(): int(total or 0)} if total else {}
    names = {f"_d_{d}": spec.expression(d) for d in by}
    grouped = selected.order_by().annotate(**names).values(*names).annotate(n=spec.total())
    answer: dict[tuple[str, ...], int] = defaultdict(int)
    for row in grouped:
        if row["n"]:
            answer[tuple(key_of(row[f"_d_{d}"], d) for d in by)] += int(row["n"])
    return dict(answer)


def _filtered(spec: sources.Rows, period: Period, branch: Branch | None, filters: Mapping[str, Any]) -> QuerySet[Any]:
    selected = spec.within(period.first, period.last)
    if branch is not None and spec.branch:
        selected = selected.filter(**{spec.branch: branch.pk})
    for name, wanted in filters.items():
        alias = f"_f_{name}"
        selected = selected.annotate(**{alias: spec.expression(name)})
        try:
            selected = selected.filter(**({f"{alias}__isnull": True} if wanted is None else {alias: wanted}))
        except (ValueError, TypeError) as error:
            raise StatsRefusal(Reason.BAD_KEY, value=str(wanted)[:40], dimension=DIMENSIONS[name].label) from error
    return selected


def _fold(
    facts: Iterable[tuple[dict[str, Any], Decimal | int]], by: Sequence[str], filters: Mapping[str, Any]
) -> dict[tuple[str, ...], int]:
    wanted = {name: key_of(value, name) for name, value in filters.items()}
    totals: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
    for keys, amount in facts:
        if all(keys.get(name, "") == key for name, key in wanted.items()):
            totals[tuple(keys.get(d, "") for d in by)] += Decimal(amount)
    return {key: int(total.quantize(Decimal("1"), rounding=ROUND_HALF_UP)) for key, total in totals.items() if total}


def _day_keys(day: date) -> dict[str, str]:
    return {"day": day.isoformat(), "weekday": str(day.isoweekday()), "month": f"{day:%Y-%m}"}


def visit_facts(period: Period, branch: Branch | None) -> list[tuple[dict[str, str], int]]:
    points = ServicePoint.objects.select_related("branch").order_by("pk")
    if branch is not None:
        points = points.filter(branch=branch)
    facts = []
    for point in points:
        for day in visit_queries.daily_visits(point, period.first, period.last):
            keys = {"branch": str(point.branch_id), "service_point": str(point.pk), **_day_keys(day.day)}
            facts.append((keys, day.count))
    return facts


def attendance_facts(period: Period, branch: Branch | None) -> list[tuple[dict[str, str], int]]:
    from django.utils import timezone

    start, end = sources.bounds(period.first, period.last)
    held = Activity.objects.filter(status=Activity.Status.HELD, starts_at__gte=start, starts_at__lt=end)
    if branch is not None:
        held = held.filter(branch=branch)
    facts = []
    for activity in outreach_queries.with_counts(held):
        starts = timezone.localtime(activity.starts_at)
        keys = {
            "branch": str(activity.branch_id),
            "service_point": key_of(activity.service_point_id, "service_point"),
            "activity_kind": activity.kind,
            "return_row": ReturnRow.of(activity.kind),
            "hour": str(starts.hour),
            **_day_keys(starts.date()),
        }
        facts.append((keys, outreach_queries.attendance(activity)))
    return facts


def total_visit_facts(period: Period, branch: Branch | None) -> list[tuple[dict[str, str], int]]:
    return visit_facts(period, branch) + attendance_facts(period, branch)


def volunteer_hour_facts(period: Period, branch: Branch | None) -> list[tuple[dict[str, Any], Decimal | int]]:
    from django.utils import timezone

    start, end = sources.bounds(period.first, period.last)
    shifts = Shift.objects.filter(checked_out_at__isnull=False, checked_in_at__gte=start, checked_in_at__lt=end)
    facts: list[tuple[dict[str, Any], Decimal | int]] = []
    for shift in shifts:
        keys = {
            "service_point": key_of(shift.service_point_id, "service_point"),
            **_day_keys(timezone.localdate(shift.checked_in_at)),
        }
        facts.append((keys, outreach_queries.shift_hours(shift)))
    return facts


FACTS: dict[str, Callable[[Period, Branch | None], Sequence[tuple[dict[str, Any], Decimal | int]]]] = {
    "visits": visit_facts,
    "activity_attendance": attendance_facts,
    "total_circulation_visits": total_visit_facts,
    "volunteer_hours": volunteer_hour_facts,
}


# The public questions -------------------------------------------------------------------------------


def value(
    measure: str, period: Period, *, branch: Branch | None = None, filters: Mapping[str, str] | None = None
) -> int:
    """One figure over a period."""
    return counts(measure, period, (), branch=branch, filters=filters).get((), 0)


def breakdown(
    measure: str,
    period: Period,
    by: Sequence[str],
    *,
    branch: Branch | None = None,
    filters: Mapping[str, str] | None = None,
) -> list[Row]:
    """The figure per key of the dimensions ``by``, with what each key reads as, in key order."""
    by = tuple(by)
    counted = counts(measure, period, by, branch=branch, filters=filters)
    labels = [DIMENSIONS[d].labels({key[i] for key in counted}) for i, d in enumerate(by)]
    return [
        Row(key, tuple(labels[i][k] for i, k in enumerate(key)), counted[key]) for key in sorted(counted, key=_sort_key)
    ]


def _sort_key(key: tuple[str, ...]) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(k)) if k.isdigit() else (1, k) for k in key)


def rows(
    measure: str, period: Period, *, branch: Branch | None = None, filters: Mapping[str, str] | None = None
) -> QuerySet[Any]:
    """The rows a figure counts (for the visits, the current counts of the days; for attendance, the
    activities; for volunteer hours, the shifts)."""
    chosen = measure_of(measure)
    parsed = _checked(chosen, (), filters)
    if chosen.name in FACTS:
        return _fact_rows(chosen.name, period, branch, parsed)
    spec = sources.ROWS[chosen.name]
    if branch is not None and not chosen.has_branch:
        return spec.rows().none()
    ordering = "-" + spec.when if not spec.select else "pk"
    return _filtered(spec, period, branch, parsed).order_by(ordering, "-pk")


def _fact_rows(name: str, period: Period, branch: Branch | None, filters: Mapping[str, Any]) -> QuerySet[Any]:
    start, end = sources.bounds(period.first, period.last)
    plain = {k: v for k, v in filters.items() if k in ("branch", "service_point")}
    if name == "activity_attendance":
        found = Activity.objects.filter(status=Activity.Status.HELD, starts_at__gte=start, starts_at__lt=end)
        if "activity_kind" in filters:
            found = found.filter(kind=filters["activity_kind"])
        where = {"branch": "branch_id", "service_point": "service_point_id"}
        found = found.filter(**{where[k]: v for k, v in plain.items()})
        return (found.filter(branch=branch) if branch else found).order_by("-starts_at", "-pk")
    if name == "volunteer_hours":
        shifts = Shift.objects.filter(checked_out_at__isnull=False, checked_in_at__gte=start, checked_in_at__lt=end)
        if "service_point" in filters:
            shifts = shifts.filter(service_point_id=filters["service_point"])
        return shifts.order_by("-checked_in_at", "-pk")
    counted = sources.current_visit_counts().filter(day__range=(period.first, period.last))
    if branch is not None:
        counted = counted.filter(service_point__branch=branch)
    if "branch" in plain:
        counted = counted.filter(service_point__branch_id=plain["branch"])
    if "service_point" in plain:
        counted = counted.filter(service_point_id=plain["service_point"])
    if "day" in filters:
        counted = counted.filter(day=filters["day"])
    return counted.order_by("-day", "-pk")


def drill_url(
    measure: str, period: Period, *, branch: Branch | None = None, filters: Mapping[str, str] | None = None
) -> str:
    """The staff page listing the rows a figure counts."""
    query: dict[str, str] = {"first": period.first.isoformat(), "last": period.last.isoformat()}
    if branch is not None:
        query["branch"] = str(branch.pk)
    for name, key in sorted((filters or {}).items()):
        query[f"f_{name}"] = str(key)
    return f"{reverse('stats:rows', args=[measure])}?{urlencode(query)}"
