"""The catalogue of ready tables (现成报表), numbered like dp2's: rankings, titles never lent, stock,
workload ledgers, entries per gate and overdue readers. Each reads the rows of its domain with the
ORM, for one period and one branch (``None``: the whole library, for staff of every branch only).
No table carries an ID or phone number; the overdue readers' card numbers are masked when they are
ID numbers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from shuyuan.acquisitions.models import Receipt
from shuyuan.audit.models import AuditEntry
from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item
from shuyuan.circulation import queries as circulation_queries
from shuyuan.circulation.models import CirculationEvent
from shuyuan.patrons.masking import mask_id
from shuyuan.serials.models import IssueEvent
from shuyuan.stats import figures
from shuyuan.stattables.errors import Reason, TableRefused
from shuyuan.stattables.tables import Table, branch_label, period_label
from shuyuan.visits.models import VisitCount

RANKING_SIZE = 10
LIST_LIMIT = 5000
_ID_NUMBER = re.compile(r"^[0-9]{17}[0-9Xx]$|^[0-9]{15}$")
Kind = CirculationEvent.Kind


@dataclass(frozen=True)
class ReadyTable:
    code: str
    title: Any
    description: Any
    build: Callable[[figures.Period, Branch | None], Table]
    has_period: bool = True


def _bounds(period: figures.Period) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(period.first, time.min))
    end = timezone.make_aware(datetime.combine(period.last + timedelta(days=1), time.min))
    return start, end


def _events(period: figures.Period, branch: Branch | None, *kinds: str) -> QuerySet[CirculationEvent]:
    start, end = _bounds(period)
    events = CirculationEvent.objects.filter(kind__in=kinds, at__gte=start, at__lt=end)
    return events.filter(branch=branch) if branch is not None else events


def _table(code: str, period: figures.Period | None, branch: Branch | None, columns: list[Any]) -> Table:
    ready = READY[code]
    return Table(
        title=f"{code} {ready.title}",
        period=period_label(period) if period is not None else "",
        branch=branch_label(branch),
        columns=[str(column) for column in columns],
        rows=[],
        definition=str(ready.description),
    )


def _ranking(code: str, period: figures.Period, branch: Branch | None, group: Any, group_label: Any) -> Table:
    table = _table(code, period, branch, [group_label, _("rank"), _("book title"), _("call number"), _("times lent")])
    counts = (
        _events(period, branch, Kind.CHECKOUT)
        .filter(item__isnull=False)
        .annotate(group_key=group)
        .values("group_key", "item__record_id", "item__record__title", "item__record__call_number")
        .annotate(loans=Count("id"))
        .order_by("group_key", "-loans", "item__record__title")
    )
    ranked: dict[str, int] = defaultdict(int)
    for row in counts:
        key = row["group_key"] or _g("unknown")
        ranked[key] += 1
        if ranked[key] <= RANKING_SIZE:
            table.rows.append(
                [key, ranked[key], row["item__record__title"], row["item__record__call_number"], row["loans"]]
            )
    return table


def ranking_by_class(period: figures.Period, branch: Branch | None) -> Table:
    return _ranking("101", period, branch, Substr("item__record__clc", 1, 1), _("CLC main class"))


def ranking_by_category(period: figures.Period, branch: Branch | None) -> Table:
    return _ranking("102", period, branch, F("patron_category__name"), _("reader category"))


def never_lent(period: figures.Period, branch: Branch | None) -> Table:
    """Titles with copies added up to the period's end of which no copy was ever lent."""
    columns = [_("book title"), _("call number"), _("CLC main class"), _("copies held"), _("first added")]
    table = _table("201", period, branch, columns)
    _start, end = _bounds(period)
    items = Item.objects.exclude(status=Item.Status.WITHDRAWN).filter(created_at__lt=end)
    if branch is not None:
        items = items.filter(home_branch=branch)
    lent = CirculationEvent.objects.filter(
        kind__in=[Kind.CHECKOUT, Kind.LOAN_MIGRATED], item__record=OuterRef("record")
    )
    rows = (
        items.annotate(was_lent=Exists(lent))
        .filter(was_lent=False)
        .values("record_id", "record__title", "record__call_number", "record__clc")
        .annotate(copies=Count("id"), first_added=Min("created_at"))
        .order_by("record__clc", "record__title")[:LIST_LIMIT]
    )
    for row in rows:
        added = timezone.localdate(row["first_added"]).isoformat()
        table.rows.append([row["record__title"], row["record__call_number"], row["record__clc"], row["copies"], added])
    table.total = [_g("total"), "", "", sum(row[3] for row in table.rows), ""]
    return table


def stock_by_class_and_location(period: figures.Period, branch: Branch | None) -> Table:
    """Copies held (not withdrawn, lost or missing) at the period's end, by CLC class and collection."""
    table = _table(
        "301",
        period,
        branch,
        [_("CLC main class"), _("item collection"), _("shelving location"), _("kinds"), _("volumes")],
    )
    _start, end = _bounds(period)
    gone = [Item.Status.WITHDRAWN, Item.Status.LOST, Item.Status.MISSING]
    items = Item.objects.filter(created_at__lt=end).exclude(status__in=gone)
    if branch is not None:
        items = items.filter(home_branch=branch)
    rows = (
        items.annotate(letter=Substr("record__clc", 1, 1))
        .values("letter", "collection__name", "collection__shelving_location")
        .annotate(kinds=Count("record", distinct=True), volumes=Count("id"))
        .order_by("letter", "collection__name")
    )
    for row in rows:
        table.rows.append(
            [
                row["letter"] or "-",
                row["collection__name"],
                row["collection__shelving_location"],
                row["kinds"],
                row["volumes"],
            ]
        )
    table.total = [_g("total"), "", "", items.values("record").distinct().count(), items.count()]
    return table


CATALOGUING_ACTIONS = {
    "catalog.create_record": _("records created"),
    "catalog.change_record": _("records changed"),
    "catalog.add_copies": _("copies added"),
    "catalog.assign_call_number": _("call numbers given"),
    "catalog.print_labels": _("label prints"),
    "catalog.import_records": _("record imports"),
}


def cataloguing_workload(period: figures.Period, branch: Branch | None) -> Table:
    """Acts of cataloguing per member of staff, from the audit log (a branch: its staff's acts)."""
    table = _table("401", period, branch, [_("member of staff"), *CATALOGUING_ACTIONS.values(), _("total")])
    start, end = _bounds(period)
    entries = AuditEntry.objects.filter(action__in=list(CATALOGUING_ACTIONS), at__gte=start, at__lt=end)
    if branch is not None:
        entries = entries.filter(actor__staff_profile__branches=branch)
    _pivot(
        table,
        entries.values("actor_label", "action").annotate(n=Count("id")),
        "actor_label",
        "action",
        list(CATALOGUING_ACTIONS),
    )
    return table


def receiving_workload(period: figures.Period, branch: Branch | None) -> Table:
    """Copies received from vendors per member of staff (验收), by the branch the copies are for."""
    table = _table("402", period, branch, [_("member of staff"), _("receipts recorded"), _("volumes")])
    start, end = _bounds(period)
    receipts = Receipt.objects.filter(received_at__gte=start, received_at__lt=end)
    if branch is not None:
        receipts = receipts.filter(line__collection__branch=branch)
    rows = receipts.values("by_label").annotate(n=Count("id"), volumes=Sum("quantity")).order_by("-volumes", "by_label")
    table.rows = [[row["by_label"] or "-", row["n"], row["volumes"] or 0] for row in rows]
    table.total = [_g("total"), sum(r[1] for r in table.rows), sum(r[2] for r in table.rows)]
    return table


CIRCULATION_KINDS = {
    Kind.CHECKOUT: _("checkouts"),
    Kind.CHECKIN: _("checkins"),
    Kind.RENEWAL: _("renewals"),
    Kind.IN_HOUSE_USE: _("in-house use"),
}


def circulation_workload(period: figures.Period, branch: Branch | None) -> Table:
    """Circulation acts per member of staff or kiosk (出纳工作量)."""
    table = _table("403", period, branch, [_("staff or kiosk"), *CIRCULATION_KINDS.values(), _("total")])
    counts = _events(period, branch, *CIRCULATION_KINDS).values("by_label", "kind").annotate(n=Count("id"))
    _pivot(table, counts, "by_label", "kind", list(CIRCULATION_KINDS))
    return table


def check_in_workload(period: figures.Period, branch: Branch | None) -> Table:
    """Periodical issues checked in per member of staff (期刊记到工作量)."""
    table = _table("404", period, branch, [_("member of staff"), _("issues checked in"), _("titles")])
    start, end = _bounds(period)
    events = IssueEvent.objects.filter(kind=IssueEvent.Kind.RECEIVED, at__gte=start, at__lt=end)
    if branch is not None:
        events = events.filter(issue__subscription__branch=branch)
    rows = (
        events.values("by_label")
        .annotate(n=Count("id"), titles=Count("issue__subscription", distinct=True))
        .order_by("-n", "by_label")
    )
    table.rows = [[row["by_label"] or "-", row["n"], row["titles"]] for row in rows]
    table.total = [_g("total"), sum(r[1] for r in table.rows), ""]
    return table


def entries_per_gate(period: figures.Period, branch: Branch | None) -> Table:
    """People counted at each gate (latest revision of each count), by service point and gate."""
    table = _table("501", period, branch, [_("service point"), _("gate"), _("days counted"), _("people entering")])
    counts = VisitCount.objects.filter(day__gte=period.first, day__lte=period.last, replaced_by__isnull=True).exclude(
        gate=""
    )
    if branch is not None:
        counts = counts.filter(service_point__branch=branch)
    rows = (
        counts.values("service_point__name", "gate")
        .annotate(days=Count("day", distinct=True), entries=Sum("count"))
        .order_by("service_point__name", "gate")
    )
    table.rows = [[row["service_point__name"], row["gate"], row["days"], row["entries"] or 0] for row in rows]
    table.total = [_g("total"), "", "", sum(r[3] for r in table.rows)]
    return table


def overdue_readers(period: figures.Period, branch: Branch | None) -> Table:
    """Readers with loans overdue at the end of the period's last day (or now), by their home branch."""
    table = _table(
        "601",
        None,
        branch,
        [
            _("reader card number"),
            _("reader name"),
            _("reader category"),
            _("reader's branch"),
            _("items overdue"),
            _("due since"),
            _("days overdue"),
        ],
    )
    _start, end = _bounds(period)
    at = min(end, timezone.now())
    loans = circulation_queries.overdue_loans(at=at, branch=branch)
    rows = (
        loans.order_by()
        .values(
            "patron_id", "patron__card_number", "patron__name", "patron__category__name", "patron__home_branch__name"
        )
        .annotate(n=Count("id"), oldest=Min("due_at"))
        .order_by("oldest", "patron__card_number")[:LIST_LIMIT]
    )
    today = timezone.localdate(at)
    for row in rows:
        card = row["patron__card_number"]
        card = mask_id(card) if _ID_NUMBER.match(card) else card
        due = timezone.localdate(row["oldest"])
        table.rows.append(
            [
                card,
                row["patron__name"],
                row["patron__category__name"],
                row["patron__home_branch__name"],
                row["n"],
                due.isoformat(),
                (today - due).days,
            ]
        )
    table.period = _g("as of %(day)s") % {"day": today.isoformat()}
    table.total = [_g("total"), "", "", "", sum(r[4] for r in table.rows), "", ""]
    return table


def _pivot(table: Table, counts: Any, row_key: str, column_key: str, columns: list[str]) -> None:
    by_row: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for count in counts:
        by_row[count[row_key] or "-"][count[column_key]] += count["n"]
    for label in sorted(by_row, key=lambda name: (-sum(by_row[name].values()), name)):
        values = [by_row[label].get(column, 0) for column in columns]
        table.rows.append([label, *values, sum(values)])
    sums = [sum(row[i + 1] for row in table.rows) for i in range(len(columns) + 1)]
    table.total = [_g("total"), *sums]


READY: dict[str, ReadyTable] = {
    "101": ReadyTable(
        "101",
        _("Reading ranking by CLC class"),
        _("The ten titles lent most in each CLC class: checkouts of the period at the branch."),
        ranking_by_class,
    ),
    "102": ReadyTable(
        "102",
        _("Reading ranking by reader category"),
        _("The ten titles lent most to each reader category: checkouts of the period at the branch."),
        ranking_by_category,
    ),
    "201": ReadyTable(
        "201",
        _("Titles never lent"),
        _(
            "Titles with copies added by the end of the period of which no copy has ever been lent "
            "(withdrawn copies left out)."
        ),
        never_lent,
    ),
    "301": ReadyTable(
        "301",
        _("Stock by class and location"),
        _(
            "Copies held at the end of the period (not withdrawn, lost or missing), in kinds and volumes, "
            "by CLC class, collection and shelving location."
        ),
        stock_by_class_and_location,
    ),
    "401": ReadyTable(
        "401",
        _("Cataloguing workload"),
        _("Cataloguing acts per member of staff in the period, from the audit log."),
        cataloguing_workload,
    ),
    "402": ReadyTable(
        "402",
        _("Receiving workload"),
        _("Copies received from vendors per member of staff in the period, by the branch the copies are for."),
        receiving_workload,
    ),
    "403": ReadyTable(
        "403",
        _("Circulation workload"),
        _("Checkouts, checkins, renewals and in-house use per member of staff or kiosk in the period, at the branch."),
        circulation_workload,
    ),
    "404": ReadyTable(
        "404",
        _("Periodical check-in workload"),
        _("Periodical issues checked in per member of staff in the period, for the branch's subscriptions."),
        check_in_workload,
    ),
    "501": ReadyTable(
        "501",
        _("Entries per gate"),
        _("People counted at each gate in the period (the latest correction of each count)."),
        entries_per_gate,
    ),
    "601": ReadyTable(
        "601",
        _("Overdue readers"),
        _(
            "Readers of the branch with loans overdue at the end of the period (today for a current period); "
            "ID numbers used as card numbers are masked, phones are never shown."
        ),
        overdue_readers,
        has_period=False,
    ),
}


def build(code: str, period: figures.Period, branch: Branch | None) -> Table:
    ready = READY.get(code)
    if ready is None:
        raise TableRefused(Reason.UNKNOWN_READY_TABLE, code=code[:10])
    return ready.build(period, branch)
