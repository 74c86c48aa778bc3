"""What a period's work report says: every figure, table, list and narrative, computed once and
rendered three ways (``documents``: .docx from the library's template, .pdf, .xlsx).

The figures come from ``shuyuan.stats.figures`` (so that each one traces to the rows it counts); the
report-specific lists (the activities with their narratives, the staff trainings, the vendors) from
the domains' public queries. The comparison with the same days a year before uses the system's own
rows when it has any for that period, and otherwise the historical figure entered by hand, with
its source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shuyuan.acquisitions.models import Receipt
from shuyuan.branches.models import Branch, Library
from shuyuan.outreach import queries as outreach_queries
from shuyuan.outreach.models import Activity, BranchOpening, Training
from shuyuan.stats import figures
from shuyuan.stats.figures import Period
from shuyuan.workreport import numbers

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The figures compared with the same days a year before, in the order of the report's table.
COMPARED = (
    "new_readers",
    "visits",
    "activity_attendance",
    "total_circulation_visits",
    "loans",
    "returns",
    "renewals",
    "e_lendings",
    "loans_and_returns",
    "volumes_bought",
    "activities",
)
DERIVED = ("visits", "total_circulation_visits")  # added up from the visits' breakdown


@dataclass(frozen=True)
class Compared:
    name: str
    label: str
    unit: str
    value: int
    before: int | None
    before_source: str  # "" (the system's rows) or the source of the hand-entered figure
    definition: str

    @property
    def change(self) -> str:
        return numbers.change(self.value, self.before)


@dataclass(frozen=True)
class Window:
    code: str
    name: str
    visits: int
    before: int | None


@dataclass(frozen=True)
class ActivityLine:
    day: date
    last_day: date
    title: str
    kind: str
    place: str
    sessions: int
    attendance: int
    figures: tuple[tuple[str, int, str], ...]
    narrative: str
    pks: tuple[int, ...]
    volunteers: int = 0

    @property
    def date_text(self) -> str:
        text = f"{self.day.month}月{self.day.day}日"
        return text + "起" if self.sessions > 1 else text


@dataclass(frozen=True)
class TrainingLine:
    first_day: date
    last_day: date
    title: str
    organiser: str
    place: str
    staff: int
    hours: str

    @property
    def date_text(self) -> str:
        text = f"{self.first_day.month}月{self.first_day.day}日"
        if self.last_day != self.first_day:
            text += f"—{self.last_day.month}月{self.last_day.day}日"
        return text


@dataclass(frozen=True)
class VendorLine:
    name: str
    city: str
    kinds: int
    volumes: int


@dataclass(frozen=True)
class Opening:
    branch: str
    partner: str
    opens_on: date
    area_m2: int
    desks: int
    benches: int
    shelves: int
    donated: int
    moved: int
    visits: int
    loans: int


@dataclass
class Content:
    period: Period
    before: Period
    library: str
    branch: str
    title: str
    new_readers: int
    new_readers_by_point: list[tuple[str, str, str, int]]  # point, channel key, channel, cards
    windows: list[Window]
    loans: int
    returns: int
    renewals: int
    e_lendings: int
    loans_and_returns: int
    circulation_by_month: list[tuple[str, int, int | None]]
    volumes_bought: int
    vendors: list[VendorLine]
    periodical_titles: int
    local_kinds: int
    local_volumes: int
    activities: list[ActivityLine]
    trainings: list[TrainingLine]
    openings: list[Opening]
    compared: list[Compared]
    narratives: dict[str, str] = field(default_factory=dict)

    @property
    def visits(self) -> int:
        return sum(w.visits for w in self.windows)

    @property
    def empty(self) -> bool:
        """Nothing was recorded in the period: the report says so instead of a page of zeros."""
        return not (
            self.new_readers
            or self.visits
            or self.loans_and_returns
            or self.volumes_bought
            or self.activities
            or self.trainings
            or self.local_volumes
        )

    def figure(self, name: str) -> Compared:
        return next(c for c in self.compared if c.name == name)


def period_text(period: Period) -> str:
    first, last = period.first, period.last
    if first.year == last.year:
        return f"{first.year}年{first.month}月{first.day}日至{last.month}月{last.day}日"
    return f"{first.year}年{first.month}月{first.day}日至{last.year}年{last.month}月{last.day}日"


def title_for(period: Period, library: str) -> str:
    first, last = period.first, period.last
    if first.year == last.year and (first.month, first.day) == (1, 1):
        if (last.month, last.day) == (6, 30):
            return _("%(year)s first-half work report of %(library)s") % {"year": first.year, "library": library}
        if (last.month, last.day) == (12, 31):
            return _("%(year)s annual work report of %(library)s") % {"year": first.year, "library": library}
    return _("Work report of %(library)s, %(period)s") % {"library": library, "period": period_text(period)}


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.first, time.min, tzinfo=SHANGHAI)
    return start, datetime.combine(period.last + timedelta(days=1), time.min, tzinfo=SHANGHAI)


def compared(name: str, value: int, before: Period, *, branch: Branch | None, system_before: int | None) -> Compared:
    """A figure beside the same days a year before: the system's count when the system was in use then
    (``system_before``), otherwise the figure entered by hand with its source, otherwise nothing."""
    measure = figures.MEASURES[name]
    earlier, source = system_before, ""
    if not earlier:
        manual = figures.manual(name, before, branch=branch)
        if manual is not None:
            earlier, source = int(manual.value), str(manual.source)
    return Compared(name, str(measure.label), str(measure.unit), value, earlier, source, str(measure.definition))


def _activity_lines(period: Period, branch: Branch | None) -> list[ActivityLine]:
    start, end = _bounds(period)
    held = Activity.objects.filter(status=Activity.Status.HELD, starts_at__gte=start, starts_at__lt=end)
    if branch is not None:
        held = held.filter(branch=branch)
    rows = (
        outreach_queries.with_counts(held)
        .annotate(volunteer_count=Count("shifts__volunteer", distinct=True))
        .prefetch_related("figures")
        .select_related("series")
        .order_by("starts_at", "pk")
    )
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for held_activity in rows:
        grouped[held_activity.series_id or f"a{held_activity.pk}"].append(held_activity)
    lines = []
    books = pgettext("unit", "volumes")
    for sessions in grouped.values():
        first = sessions[0]
        figures_of: dict[tuple[str, str], int] = defaultdict(int)
        for activity in sessions:
            for figure in activity.figures.all():
                figures_of[(figure.label, figure.unit)] += figure.number
            for label, number, unit in (
                (pgettext("work report", "books handed out"), activity.books_handed_out, books),
                (pgettext("work report", "books exchanged"), activity.books_exchanged, books),
                (pgettext("work report", "books lent"), activity.books_lent, books),
            ):
                if number:
                    figures_of[(label, unit)] += number
        place = first.place_name or (first.service_point.name if first.service_point else first.branch.name)
        lines.append(
            ActivityLine(
                day=first.starts_at.astimezone(SHANGHAI).date(),
                last_day=sessions[-1].starts_at.astimezone(SHANGHAI).date(),
                title=first.series.title if first.series and len(sessions) > 1 else first.title,
                kind=first.get_kind_display(),
                place=place,
                sessions=len(sessions),
                attendance=sum(outreach_queries.attendance(a) for a in sessions),
                figures=tuple((label, number, unit) for (label, unit), number in figures_of.items()),
                narrative=first.narrative if len({a.narrative for a in sessions}) == 1 else "",
                pks=tuple(a.pk for a in sessions),
                volunteers=max(a.volunteer_count for a in sessions),  # type: ignore[attr-defined]
            )
        )
    return lines


def _training_lines(period: Period) -> list[TrainingLine]:
    trainings = Training.objects.filter(first_day__lte=period.last, last_day__gte=period.first).order_by("first_day")
    return [
        TrainingLine(
            t.first_day, t.last_day, t.title, t.organiser, t.place, t.attendees.count(), f"{t.hours.normalize():f}"
        )
        for t in trainings.prefetch_related("attendees")
    ]


def _openings(period: Period, branch: Branch | None) -> list[Opening]:
    openings = BranchOpening.objects.filter(opens_on__gte=period.first, opens_on__lte=period.last)
    if branch is not None:
        openings = openings.filter(branch=branch)
    lines = []
    for opening in openings.select_related("branch", "partner"):
        day = Period(opening.opens_on, opening.opens_on)
        lines.append(
            Opening(
                branch=opening.branch.name,
                partner=opening.partner.name,
                opens_on=opening.opens_on,
                area_m2=int(opening.branch.area_m2 or 0),
                desks=opening.desks,
                benches=opening.benches,
                shelves=int(opening.branch.shelves or 0),
                donated=opening.donated_catalogued,
                moved=opening.items_moved,
                visits=figures.value("visits", day, branch=opening.branch),
                loans=figures.value("loans", day, branch=opening.branch),
            )
        )
    return lines


def _vendors(period: Period) -> list[VendorLine]:
    """Copies received from each vendor in the period: titles (种) and volumes (册), in one grouped query."""
    start, end = _bounds(period)
    rows = (
        Receipt.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("line__order__vendor__name", "line__order__vendor__city")
        .annotate(
            volumes=Sum("quantity"),
            kinds=Count("line__record", distinct=True)
            + Count("line", filter=Q(line__record__isnull=True), distinct=True),
        )
        .order_by("line__order__vendor__name")
    )
    return [
        VendorLine(r["line__order__vendor__name"], r["line__order__vendor__city"], r["kinds"], r["volumes"])
        for r in rows
    ]


def build(period: Period, *, branch: Branch | None = None, narratives: dict[str, str] | None = None) -> Content:
    """Everything the report says about ``period`` (the whole library, or one branch).

    Each figure is asked of ``figures`` once; the visits (the costliest) once per period through
    their breakdown by service point, their total and 总流通人次 (visits + activity attendance, as
    officially defined) added up from it."""
    before = period.year_before()
    library = Library.objects.order_by("pk").first()
    library_name = library.name if library else "书苑"
    points = figures.breakdown("visits", period, ["service_point"], branch=branch)
    points_before = {r.key: r.value for r in figures.breakdown("visits", before, ["service_point"], branch=branch)}
    values = {name: figures.value(name, period, branch=branch) for name in COMPARED if name not in DERIVED}
    values["visits"] = sum(row.value for row in points)
    values["total_circulation_visits"] = values["visits"] + values["activity_attendance"]
    by_month = {r.key[0]: r.value for r in figures.breakdown("loans_and_returns", period, ["month"], branch=branch)}
    in_use_before = bool(points_before) or figures.value("loans_and_returns", before) > 0
    earlier: dict[str, int | None] = dict.fromkeys(COMPARED)
    months_before: dict[str, int] = {}
    if in_use_before:
        earlier.update({name: figures.value(name, before, branch=branch) for name in COMPARED if name not in DERIVED})
        earlier["visits"] = sum(points_before.values())
        earlier["total_circulation_visits"] = (earlier["visits"] or 0) + (earlier["activity_attendance"] or 0)
        months_before = {
            r.key[0]: r.value for r in figures.breakdown("loans_and_returns", before, ["month"], branch=branch)
        }
    months = []
    month = period.first.replace(day=1)
    while month <= period.last:
        key, key_before = f"{month:%Y-%m}", f"{month.year - 1}-{month:%m}"
        months.append(
            (f"{month.month}月", by_month.get(key, 0), months_before.get(key_before, 0) if in_use_before else None)
        )
        month = (month + timedelta(days=32)).replace(day=1)
    comparison = [compared(name, values[name], before, branch=branch, system_before=earlier[name]) for name in COMPARED]
    windows = [
        Window(row.key[0], row.labels[0], row.value, points_before.get(row.key, 0) if in_use_before else None)
        for row in points
    ]
    return Content(
        period=period,
        before=before,
        library=library_name,
        branch=branch.name if branch else "",
        title=title_for(period, library_name if branch is None else f"{library_name}{branch.name}"),
        new_readers=values["new_readers"],
        new_readers_by_point=[
            (row.labels[0], row.key[1], row.labels[1], row.value)
            for row in figures.breakdown("new_readers", period, ["service_point", "channel"], branch=branch)
        ],
        windows=windows,
        loans=values["loans"],
        returns=values["returns"],
        renewals=values["renewals"],
        e_lendings=values["e_lendings"],
        loans_and_returns=values["loans_and_returns"] + values["e_lendings"],
        circulation_by_month=months,
        volumes_bought=values["volumes_bought"],
        vendors=_vendors(period) if branch is None else [],
        periodical_titles=figures.value("periodical_titles", period, branch=branch),
        local_kinds=figures.value("local_document_kinds", period, branch=branch),
        local_volumes=figures.value("local_document_volumes", period, branch=branch),
        activities=_activity_lines(period, branch),
        trainings=_training_lines(period) if branch is None else [],
        openings=_openings(period, branch),
        compared=comparison,
        narratives=dict(narratives or {}),
    )
