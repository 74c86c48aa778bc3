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

from django.db.models import Count, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.circulation.models import CirculationEvent
from shuyuan.outreach import queries as outreach_queries
from shuyuan.outreach.models import Activity, Shift
from shuyuan.stats import sources
from shuyuan.stats.dimensions import DIMENSIONS, Dimension, ReturnRow, key_of
from shuyuan.stats.errors import Reason, StatsRefusal
from shuyuan.stats.ledger import StockRow, stock
from shuyuan.stats.manual import MANUAL_FIGURES, ManualFigure, manual
from shuyuan.visits import queries as visit_queries
from shuyuan.visits.models import ComputerSession, VisitCount

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
    unit: Any  # lazy text: 册次, 人次, 人, 种, 册, 场次, 小时
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


VOLUME_TIMES = pgettext_lazy("unit", "volume-times")
VOLUMES = pgettext_lazy("unit", "volumes")
VISITS = pgettext_lazy("unit", "visits")
PEOPLE = pgettext_lazy("unit", "people")
TITLES = pgettext_lazy("unit", "titles")
SESSIONS = pgettext_lazy("unit", "sessions")
HOURS = pgettext_lazy("unit", "hours")


def _measure(name: str, label: Any, unit: Any, definition: Any, dimensions: tuple[str, ...] | None = None) -> Measure:
    spec = sources.ROWS.get(name)
    dims = dimensions if dimensions is not None else (spec.dimensions() if spec else ())
    has_branch = (spec.branch is not None) if spec else ("branch" in dims)
    return Measure(name, label, unit, definition, dims, has_branch)


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        _measure(
            "loans",
            pgettext_lazy("figure", "loans"),
            VOLUME_TIMES,
            _("Checkouts of print items (circulation events of kind checkout)."),
        ),
        _measure(
            "returns",
            pgettext_lazy("figure", "returns"),
            VOLUME_TIMES,
            _("Check-ins of print items, counted at the branch where they were returned."),
        ),
        _measure(
            "renewals",
            pgettext_lazy("figure", "renewals"),
            VOLUME_TIMES,
            _("Renewals (circulation events of kind renewal)."),
        ),
        _measure(
            "in_house_use",
            pgettext_lazy("figure", "in-house use"),
            VOLUME_TIMES,
            _("Items used in the library and recorded as such."),
        ),
        _measure(
            "loans_and_returns",
            pgettext_lazy("figure", "loans and returns (print)"),
            VOLUME_TIMES,
            _("Checkouts plus check-ins of print items; renewals are counted apart."),
        ),
        _measure(
            "e_lendings",
            pgettext_lazy("figure", "electronic lendings"),
            VOLUME_TIMES,
            _("E-book loans reported by the e-resource platforms for the months of the period (latest import)."),
        ),
        _measure(
            "lending_visits",
            pgettext_lazy("figure", "lending visits"),
            VISITS,
            _("外借人次: readers with a checkout, each reader once per day however many items."),
        ),
        _measure(
            "active_readers",
            pgettext_lazy("figure", "active readers"),
            PEOPLE,
            _("Distinct readers with a checkout or a renewal in the period."),
        ),
        _measure(
            "readers_served",
            pgettext_lazy("figure", "readers served"),
            PEOPLE,
            _("Distinct readers with any circulation act in the period (持证读者 in the official sense)."),
        ),
        _measure(
            "new_readers",
            pgettext_lazy("figure", "new readers"),
            PEOPLE,
            _("New cards issued (registration events of kind new card)."),
        ),
        _measure(
            "valid_cards",
            pgettext_lazy("figure", "valid cards"),
            PEOPLE,
            _("Readers registered by the period's last day whose card is active and not expired on that day."),
        ),
        _measure(
            "visits",
            pgettext_lazy("figure", "visits"),
            VISITS,
            _(
                "Visits per service point and day: people counters first, then desk tallies, then e-reading room "
                "sessions, then distinct readers served (not on a day when a people counter counted at the same "
                "branch: they came in through its gate); corrected counts replace the counts they correct."
            ),
            VISIT_DIMENSIONS,
        ),
        _measure(
            "activity_attendance",
            pgettext_lazy("figure", "activity attendance"),
            VISITS,
            _("People at activities held in the period: tickets checked in plus those counted at the door."),
            ATTENDANCE_DIMENSIONS,
        ),
        _measure(
            "total_circulation_visits",
            pgettext_lazy("figure", "total circulation visits"),
            VISITS,
            _(
                "总流通人次: visits plus attendance at activities. Readers served at desks and kiosks count as "
                "visits only where no people counter counted that day at the branch."
            ),
            VISIT_DIMENSIONS,
        ),
        _measure(
            "activities",
            pgettext_lazy("figure", "activities"),
            SESSIONS,
            _("Activities held in the period (status held)."),
        ),
        _measure(
            "volunteers",
            pgettext_lazy("figure", "volunteers"),
            PEOPLE,
            _("Distinct volunteers with a completed shift in the period."),
        ),
        _measure(
            "volunteer_hours",
            pgettext_lazy("figure", "volunteer hours"),
            HOURS,
            _("Hours of completed volunteer shifts begun in the period, from check-in to check-out."),
            ("service_point", "day", "weekday", "month"),
        ),
        _measure(
            "trainings",
            pgettext_lazy("figure", "staff trainings"),
            SESSIONS,
            _("Staff trainings that began in the period."),
        ),
        _measure(
            "training_attendance",
            pgettext_lazy("figure", "staff training attendance"),
            VISITS,
            _("Staff attending the trainings that began in the period, one per training and person."),
        ),
        _measure(
            "items_added",
            pgettext_lazy("figure", "items added"),
            VOLUMES,
            _("Items created in the catalogue in the period."),
        ),
        _measure(
            "titles_added",
            pgettext_lazy("figure", "titles added"),
            TITLES,
            _("Distinct records of the items created in the period."),
        ),
        _measure(
            "items_withdrawn",
            pgettext_lazy("figure", "items withdrawn"),
            VOLUMES,
            _("Item status changes to withdrawn in the period (weeding)."),
        ),
        _measure(
            "volumes_bought",
            pgettext_lazy("figure", "volumes bought"),
            VOLUMES,
            _("Copies received from vendors in the period (acquisitions receipts)."),
        ),
        _measure(
            "volumes_donated",
            pgettext_lazy("figure", "volumes donated"),
            VOLUMES,
            _("Volumes of the donations received in the period."),
        ),
        _measure(
            "local_document_kinds",
            pgettext_lazy("figure", "local documents (kinds)"),
            TITLES,
            _("Distinct titles of the local documents received in the period."),
        ),
        _measure(
            "local_document_volumes",
            pgettext_lazy("figure", "local documents (volumes)"),
            VOLUMES,
            _("Volumes of the local documents received in the period."),
        ),
        _measure(
            "periodical_titles",
            pgettext_lazy("figure", "periodical titles"),
            TITLES,
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
    """Visits per service point and day as ``visits.queries.daily_visits`` decides them (people counters,
    then desk tallies, then e-reading room sessions, then distinct readers served), for every service
    point at once: four grouped statements instead of several per point and day.

    One rule more than the visits app's page of a single point: the readers served at a desk or kiosk
    (the derived figure, where nobody counted people) are left out on a day when a people counter
    counted at the same branch, because those readers came in through its gate and were counted there.
    Where no gate counted (a branch without a counter, a self-service library in the street), the
    readers served are the people who came."""
    points = ServicePoint.objects.all()
    if branch is not None:
        points = points.filter(branch=branch)
    kinds = {pk: (branch_id, kind) for pk, branch_id, kind in points.values_list("pk", "branch_id", "kind")}
    found: dict[tuple[int, date], dict[str, int]] = defaultdict(dict)
    counted = (
        visit_queries.current_counts()
        .filter(service_point_id__in=kinds, day__range=(period.first, period.last))
        .order_by()
        .values("service_point_id", "day", "source")
        .annotate(total=Sum("count"))
    )
    for row in counted:
        source = visit_queries.Source.DESK if row["source"] == VisitCount.Source.DESK else visit_queries.Source.COUNTER
        cell = found[(row["service_point_id"], row["day"])]
        cell[source] = cell.get(source, 0) + row["total"]
    rooms = [pk for pk, (_b, kind) in kinds.items() if kind == ServicePoint.Kind.E_READING_ROOM]
    sessions = (
        ComputerSession.objects.filter(service_point_id__in=rooms, day__range=(period.first, period.last))
        .order_by()
        .values("service_point_id", "day")
        .annotate(readers=Count("reader_token", distinct=True))
    )
    for row in sessions:
        found[(row["service_point_id"], row["day"])][visit_queries.Source.SESSIONS] = row["readers"]
    for point, day, readers in _readers_served_per_day(list(kinds), period):
        found[(point, day)][visit_queries.Source.DERIVED] = readers
    order = (
        visit_queries.Source.COUNTER,
        visit_queries.Source.DESK,
        visit_queries.Source.SESSIONS,
        visit_queries.Source.DERIVED,
    )
    gated = {(kinds[point][0], day) for (point, day), cell in found.items() if visit_queries.Source.COUNTER in cell}
    facts = []
    for (point, day), figures_of_day in sorted(found.items()):
        source = next(source for source in order if source in figures_of_day)
        if source == visit_queries.Source.DERIVED and (kinds[point][0], day) in gated:
            continue
        keys = {"branch": str(kinds[point][0]), "service_point": str(point), **_day_keys(day)}
        facts.append((keys, figures_of_day[source]))
    return facts


def _readers_served_per_day(points: list[int], period: Period) -> Iterable[tuple[int, date, int]]:
    """Distinct readers served at each service point on each day. One day (the live board's today) is
    grouped by point alone: the local day of each row would be a Python function per row on SQLite."""
    start, end = sources.bounds(period.first, period.last)
    served = (
        CirculationEvent.objects.filter(
            service_point_id__in=points, kind__in=visit_queries.SERVING_KINDS, at__gte=start, at__lt=end
        )
        .exclude(reader_token="")
        .order_by()
    )
    if period.first == period.last:
        for row in served.values("service_point_id").annotate(readers=Count("reader_token", distinct=True)):
            yield row["service_point_id"], period.first, row["readers"]
        return
    grouped = served.annotate(_day=sources.LocalDate("at")).values("service_point_id", "_day")
    for row in grouped.annotate(readers=Count("reader_token", distinct=True)):
        yield row["service_point_id"], row["_day"], row["readers"]


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


# Rankings and rates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleRow:
    record_id: int
    title: str
    clc: str
    loans: int


def most_borrowed(
    period: Period, *, branch: Branch | None = None, limit: int = 20, filters: Mapping[str, str] | None = None
) -> list[TitleRow]:
    """The titles lent most often in the period (checkouts of any of their copies), most first."""
    loans = rows("loans", period, branch=branch, filters=filters).filter(item__isnull=False)
    ranked = (
        loans.order_by()
        .values("item__record_id", "item__record__title", "item__record__clc")
        .annotate(n=Count("pk"))
        .order_by("-n", "item__record_id")[: max(1, min(limit, 1000))]
    )
    return [TitleRow(r["item__record_id"], r["item__record__title"], r["item__record__clc"], r["n"]) for r in ranked]


def never_lent(period: Period, *, branch: Branch | None = None) -> QuerySet[Any]:
    """Items in the stock at the period's end with no checkout in the period (at the branch, when given)."""
    from shuyuan.stats.ledger import in_stock

    lent = rows("loans", period, branch=branch).filter(item__isnull=False).values("item_id")
    return in_stock(period.last, branch=branch).exclude(pk__in=lent).select_related("record").order_by("pk")


def loans_per_reader(period: Period, *, branch: Branch | None = None) -> float | None:
    """Loans divided by the readers who borrowed or renewed (None when nobody did)."""
    readers = value("active_readers", period, branch=branch)
    return value("loans", period, branch=branch) / readers if readers else None


@dataclass(frozen=True)
class OpenHourRow:
    service_point: ServicePoint
    visits: int
    hours_open: float

    @property
    def per_hour(self) -> float | None:
        return self.visits / self.hours_open if self.hours_open else None


def visits_per_open_hour(period: Period, *, branch: Branch | None = None) -> list[OpenHourRow]:
    """Each service point's visits over the hours it was open in the period (its opening hours and the
    branch's calendar of closed days, as the visits app counts them)."""
    counted = counts("visits", period, ("service_point",), branch=branch)
    points = ServicePoint.objects.filter(pk__in=[int(k[0]) for k in counted if k[0]]).select_related("branch")
    return [
        OpenHourRow(point, counted.get((str(point.pk),), 0), visit_queries.hours_open(point, period.first, period.last))
        for point in points.order_by("branch__code", "code")
    ]
