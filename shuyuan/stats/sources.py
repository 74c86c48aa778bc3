"""Where each figure's rows come from: the model, which rows count, how they are counted, the field
that dates them, the branch they belong to, and the field behind each dimension it allows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import CharField, Count, Expression, F, Q, QuerySet, Sum, Value
from django.db.models.functions import (
    Cast,
    Concat,
    ExtractHour,
    ExtractIsoWeekDay,
    ExtractMonth,
    ExtractYear,
    Substr,
    TruncDate,
    Upper,
)
from django.utils import timezone

from shuyuan.acquisitions.models import Donation, LocalDocument, Receipt
from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.circulation.models import CirculationEvent
from shuyuan.outreach.models import Activity, Shift, Training
from shuyuan.patrons.models import Patron, RegistrationEvent
from shuyuan.serials.models import Subscription
from shuyuan.visits import rules as visit_rules
from shuyuan.visits.queries import current_counts, current_usage

Kind = CirculationEvent.Kind


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The local days from ``first`` to ``last`` as a half-open range of aware times."""
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time(), tzinfo=zone), datetime.combine(last + timedelta(days=1), time(), tzinfo=zone)


def fixed_offset_minutes() -> int | None:
    """The time zone's offset from UTC in minutes when it has kept one offset over the years around now
    (Asia/Shanghai since 1991), else None (daylight saving)."""
    zone = timezone.get_current_timezone()
    now = timezone.now()
    offsets = {(now + timedelta(days=days)).astimezone(zone).utcoffset() for days in range(-730, 366, 61)}
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    return None if offset is None else int(offset.total_seconds() // 60)


class LocalHour(ExtractHour):
    """The local hour of a timestamp. On SQLite Django's ExtractHour calls a Python function for every row
    (so that it can follow any zone's rules): 11 000 of today's events took the live board 200 ms. A zone
    with one fixed offset is added in SQL instead (benchmark: bench.stattables, the live board)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        offset = fixed_offset_minutes()
        if offset is None:
            return super().as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%H', {sql}, %s) AS INTEGER)", (*params, f"{offset:+d} minutes")


class LocalDate(TruncDate):
    """The local day of a timestamp, in SQL on SQLite when the zone keeps one offset (as ``LocalHour``):
    Django's TruncDate calls a Python function per row there (benchmark: bench.stats, the roll-up)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        offset = fixed_offset_minutes()
        if offset is None:
            return super().as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, %s)", (*params, f"{offset:+d} minutes")


@dataclass(frozen=True)
class Rows:
    """A figure counted by the database over one model's rows."""

    rows: Callable[[], QuerySet[Any]]
    when: str  # the field that dates a row: a DateTimeField, or a DateField when ``dated``
    total: Callable[[], Any]  # the aggregate: Count("pk"), Sum("quantity") …
    paths: Mapping[str, str]  # dimension -> field path
    branch: str | None = None  # field path of the row's branch; None: the figure is the library's
    dated: bool = False
    clc: str | None = None  # field path of the CLC class, when the figure allows ``clc_class``
    by_year: bool = False  # the rows carry a year, not a day (subscriptions)
    time_dimensions: tuple[str, ...] = ("hour", "day", "weekday", "month")
    extra: Mapping[str, Callable[[], Expression]] = field(default_factory=dict)
    select: Callable[[date, date], QuerySet[Any]] | None = None  # rows of a period, when not dated by ``when``

    def dimensions(self) -> tuple[str, ...]:
        names = list(self.paths)
        if self.clc:
            names.append("clc_class")
        names += list(self.extra)
        if not self.by_year:
            names += [d for d in self.time_dimensions if not (self.dated and d == "hour")]
        return tuple(names)

    def expression(self, dimension: str) -> Any:
        if dimension in self.paths:
            return F(self.paths[dimension])
        if dimension == "clc_class" and self.clc:
            return Upper(Substr(self.clc, 1, 1))
        if dimension in self.extra:
            return self.extra[dimension]()
        if dimension == "hour":
            return LocalHour(self.when)
        if dimension == "day":
            return F(self.when) if self.dated else LocalDate(self.when)
        if dimension == "weekday":
            return ExtractIsoWeekDay(self.when)
        if dimension == "month":
            return ExtractYear(self.when) * 100 + ExtractMonth(self.when)
        raise KeyError(dimension)

    def within(self, first: date, last: date) -> QuerySet[Any]:
        if self.select is not None:
            return self.select(first, last)
        rows = self.rows()
        if self.by_year:
            return rows.filter(**{f"{self.when}__range": (first.year, last.year)})
        if self.dated:
            return rows.filter(**{f"{self.when}__range": (first, last)})
        start, end = bounds(first, last)
        return rows.filter(**{f"{self.when}__gte": start, f"{self.when}__lt": end})


def _events(*kinds: str) -> Callable[[], QuerySet[Any]]:
    return lambda: CirculationEvent.objects.filter(kind__in=kinds)


CIRCULATION_PATHS = {
    "branch": "branch_id",
    "service_point": "service_point_id",
    "channel": "channel",
    "item_type": "item_type_id",
    "collection": "item__collection_id",
    "patron_category": "patron_category_id",
    "age_band": "age_band",
    "item_home_branch": "item_home_branch_id",
}


def _circulation(*kinds: str, distinct: bool = False) -> Rows:
    if distinct:
        return Rows(
            lambda: CirculationEvent.objects.filter(kind__in=kinds).exclude(reader_token=""),
            "at",
            lambda: Count("reader_token", distinct=True),
            CIRCULATION_PATHS,
            branch="branch_id",
            clc="item__record__clc",
        )
    return Rows(
        _events(*kinds), "at", lambda: Count("pk"), CIRCULATION_PATHS, branch="branch_id", clc="item__record__clc"
    )


def _held_activities() -> QuerySet[Any]:
    return Activity.objects.filter(status=Activity.Status.HELD)


ACTIVITY_PATHS = {"branch": "branch_id", "service_point": "service_point_id", "activity_kind": "kind"}
ITEM_PATHS = {"branch": "home_branch_id", "collection": "collection_id", "item_type": "item_type_id"}
WITHDRAWN_PATHS = {
    "branch": "item__home_branch_id",
    "collection": "item__collection_id",
    "item_type": "item__item_type_id",
}
RECEIPT_PATHS = {
    "branch": "line__collection__branch_id",
    "collection": "line__collection_id",
    "item_type": "line__item_type_id",
    "source": "line__order__vendor__name",
}

SERVED = (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEWAL, Kind.IN_HOUSE_USE, Kind.HOLD_PLACED, Kind.HOLD_FULFILLED)

ROWS: dict[str, Rows] = {
    "loans": _circulation(Kind.CHECKOUT),
    "returns": _circulation(Kind.CHECKIN),
    "renewals": _circulation(Kind.RENEWAL),
    "in_house_use": _circulation(Kind.IN_HOUSE_USE),
    "loans_and_returns": _circulation(Kind.CHECKOUT, Kind.CHECKIN),
    "lending_visits": Rows(
        lambda: CirculationEvent.objects.filter(kind=Kind.CHECKOUT).exclude(reader_token=""),
        "at",
        lambda: Count(Concat("reader_token", Value("|"), Cast(LocalDate("at"), CharField())), distinct=True),
        CIRCULATION_PATHS,
        branch="branch_id",
        clc="item__record__clc",
    ),
    "active_readers": _circulation(Kind.CHECKOUT, Kind.RENEWAL, distinct=True),
    "readers_served": _circulation(*SERVED, distinct=True),
    "e_lendings": Rows(
        lambda: current_usage().filter(metric=visit_rules.EBOOK_LOANS),
        "month",
        lambda: Sum("count"),
        {"source": "platform__name"},
        dated=True,
        time_dimensions=("month",),
    ),
    "new_readers": Rows(
        lambda: RegistrationEvent.objects.filter(kind=RegistrationEvent.Kind.NEW_CARD),
        "at",
        lambda: Count("pk"),
        {
            "branch": "branch_id",
            "service_point": "service_point_id",
            "channel": "channel",
            "patron_category": "category_kind",
            "age_band": "age_band",
        },
        branch="branch_id",
    ),
    "activities": Rows(
        _held_activities,
        "starts_at",
        lambda: Count("pk"),
        ACTIVITY_PATHS,
        branch="branch_id",
        extra={"return_row": lambda: _return_row_case()},
    ),
    "volunteers": Rows(
        lambda: Shift.objects.filter(checked_out_at__isnull=False, volunteer__isnull=False),
        "checked_in_at",
        lambda: Count("volunteer_id", distinct=True),
        {"service_point": "service_point_id"},
        time_dimensions=("day", "weekday", "month"),
    ),
    "trainings": Rows(lambda: Training.objects.all(), "first_day", lambda: Count("pk", distinct=True), {}, dated=True),
    "training_attendance": Rows(
        lambda: Training.objects.all(), "first_day", lambda: Count("attendees"), {}, dated=True
    ),
    "items_added": Rows(
        lambda: Item.objects.all(),
        "created_at",
        lambda: Count("pk"),
        ITEM_PATHS,
        branch="home_branch_id",
        clc="record__clc",
        time_dimensions=("day", "weekday", "month"),
    ),
    "titles_added": Rows(
        lambda: Item.objects.all(),
        "created_at",
        lambda: Count("record_id", distinct=True),
        ITEM_PATHS,
        branch="home_branch_id",
        clc="record__clc",
        time_dimensions=("day", "weekday", "month"),
    ),
    "items_withdrawn": Rows(
        lambda: ItemStatusChange.objects.filter(new_status=Item.Status.WITHDRAWN),
        "at",
        lambda: Count("pk"),
        WITHDRAWN_PATHS,
        branch="item__home_branch_id",
        clc="item__record__clc",
        time_dimensions=("day", "weekday", "month"),
    ),
    "volumes_bought": Rows(
        lambda: Receipt.objects.all(),
        "received_at",
        lambda: Sum("quantity"),
        RECEIPT_PATHS,
        branch="line__collection__branch_id",
        clc="line__clc",
        time_dimensions=("day", "weekday", "month"),
    ),
    "volumes_donated": Rows(
        lambda: Donation.objects.all(), "received_on", lambda: Sum("volumes"), {"source": "donor_kind"}, dated=True
    ),
    "local_document_kinds": Rows(
        lambda: LocalDocument.objects.all(), "received_on", lambda: Count("title", distinct=True), {}, dated=True
    ),
    "local_document_volumes": Rows(
        lambda: LocalDocument.objects.all(), "received_on", lambda: Sum("volumes"), {}, dated=True
    ),
    "valid_cards": Rows(
        lambda: Patron.objects.all(),
        "registered_at",
        lambda: Count("pk"),
        {"branch": "home_branch_id", "patron_category": "category_id"},
        branch="home_branch_id",
        time_dimensions=(),
        select=lambda first, last: valid_cards(last),
    ),
    "periodical_titles": Rows(
        lambda: Subscription.objects.all(),
        "year",
        lambda: Count("title", distinct=True),
        {"branch": "branch_id", "service_point": "service_point_id"},
        branch="branch_id",
        by_year=True,
    ),
}


def _return_row_case() -> Expression:
    from django.db.models import Case, CharField, When

    from shuyuan.stats.dimensions import ReturnRow

    whens = [When(kind=kind, then=Value(row)) for kind, row in ReturnRow.OF_KIND.items()]
    return Case(*whens, default=Value(ReturnRow.ACTIVITY), output_field=CharField())


def valid_cards(on: date) -> QuerySet[Patron]:
    """Readers whose card is valid at the end of ``on``: registered by then, active, not yet expired."""
    _start, end = bounds(on, on)
    return Patron.objects.filter(status=Patron.Status.ACTIVE, registered_at__lt=end, merged_into__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on)
    )


def current_visit_counts() -> QuerySet[Any]:
    return current_counts()
