"""What the public pages read beyond the search: a record's copies and where they stand, the shelf
around a call number, new arrivals and the most borrowed titles, and the branches' calendars."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from shuyuan.branches.models import Branch, OpeningHours, ServicePoint
from shuyuan.branches.queries import calendar_for
from shuyuan.catalog.callnumbers import sort_key
from shuyuan.catalog.models import Item, Record
from shuyuan.catalog.search.pinyin import title_spelling
from shuyuan.circulation.models import ACTIVE_HOLD, Hold, Loan

PUBLIC_STATUSES = [s for s in Item.Status.values if s not in (Item.Status.WITHDRAWN, Item.Status.IN_PROCESSING)]


@dataclass(frozen=True)
class Copy:
    branch: str
    call_number: str
    where: str  # the line a reader follows to the shelf: 总馆二楼 综合书库 I247.5/123
    status: str
    status_label: str
    due_at: datetime | None


@dataclass(frozen=True)
class Holdings:
    copies_by_branch: list[tuple[str, list[Copy]]]
    available: int
    holds: int
    is_hidden: bool = False  # every copy withdrawn (剔旧): the public catalogue does not show the record


def where(item: Item) -> str:
    shelf = item.shelving_location or item.collection.shelving_location
    return " ".join(
        part for part in (f"{item.home_branch.name}{shelf}", item.collection.name, item.call_number) if part
    )


def holdings(record: Record) -> Holdings:
    """The record's public copies. Every copy is read once (withdrawn ones too, to tell a hidden
    record), and loans only when a copy is out: the record page is on a benchmark's path."""
    every = list(
        Item.objects.filter(record=record)
        .select_related("home_branch", "collection")
        .order_by("home_branch__code", "call_number_sort", "barcode")
    )
    if every and all(item.status == Item.Status.WITHDRAWN for item in every):
        return Holdings([], 0, 0, is_hidden=True)
    items = [item for item in every if item.status in PUBLIC_STATUSES]
    lent = [item.pk for item in items if item.status == Item.Status.ON_LOAN]
    due = (
        dict(Loan.objects.filter(item__in=lent, status=Loan.Status.OPEN).values_list("item_id", "due_at"))
        if lent
        else {}
    )
    grouped: dict[str, list[Copy]] = {}
    for item in items:
        copy = Copy(
            item.home_branch.name,
            item.call_number,
            where(item),
            item.status,
            str(item.get_status_display()),
            due.get(item.pk),
        )
        grouped.setdefault(item.home_branch.name, []).append(copy)
    return Holdings(
        list(grouped.items()),
        sum(1 for item in items if item.status == Item.Status.ON_SHELF),
        Hold.objects.filter(record=record, status__in=ACTIVE_HOLD).count(),
    )


@dataclass(frozen=True)
class ShelfEntry:
    record_id: int
    title: str
    call_number: str
    is_here: bool


def shelf_around(call_number: str, *, branch_code: str = "", width: int = 8) -> list[ShelfEntry]:
    """Copies in shelving order on both sides of ``call_number``: what a reader sees at the shelf."""
    key = sort_key(call_number)
    items = Item.objects.filter(status__in=PUBLIC_STATUSES).exclude(call_number_sort="")
    if branch_code:
        items = items.filter(home_branch__code=branch_code)
    columns = ("record_id", "record__title", "call_number", "call_number_sort")
    before = list(
        items.filter(call_number_sort__lt=key).order_by("-call_number_sort", "-pk").values_list(*columns)[:width]
    )
    after = list(
        items.filter(call_number_sort__gte=key).order_by("call_number_sort", "pk").values_list(*columns)[:width]
    )
    seen: set[tuple[int, str]] = set()
    entries = []
    for record_id, title, number, sort in [*reversed(before), *after]:
        if (record_id, number) in seen:
            continue
        seen.add((record_id, number))
        entries.append(ShelfEntry(record_id, title, number, sort == key))
    return entries


def class_counts() -> dict[str, int]:
    """Public records per CLC top class (the first letter of the class): a record whose every copy is
    withdrawn is not counted, as the public search does not find it."""
    copies = Item.objects.filter(record=OuterRef("pk"))
    public = Q(~Exists(copies)) | Q(Exists(copies.exclude(status=Item.Status.WITHDRAWN)))
    counts: Counter[str] = Counter()
    records = Record.objects.exclude(clc="").filter(public)
    for clc, n in records.values_list("clc").annotate(n=Count("pk")).values_list("clc", "n"):
        counts[clc[:1].upper()] += n
    return dict(counts)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, datetime.min.time(), tzinfo=zone),
        datetime.combine(following, datetime.min.time(), tzinfo=zone),
    )


def new_arrivals(month: date, *, branch_code: str = "", limit: int = 100) -> list[Record]:
    """Titles whose first copy was catalogued in the month (新书通报), newest first."""
    start, end = month_bounds(month)
    items = Item.objects.filter(status__in=PUBLIC_STATUSES)
    if branch_code:
        items = items.filter(home_branch__code=branch_code)
    firsts = items.values("record_id").annotate(added=Min("created_at")).filter(added__gte=start, added__lt=end)
    ids = [row["record_id"] for row in firsts.order_by("-added", "-record_id")[:limit]]
    found = Record.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def most_borrowed(month: date, *, branch_code: str = "", limit: int = 10) -> list[tuple[Record, int]]:
    """The titles lent most often in the month, at one branch or all."""
    start, end = month_bounds(month)
    loans = Loan.objects.filter(checked_out_at__gte=start, checked_out_at__lt=end)
    if branch_code:
        loans = loans.filter(branch__code=branch_code)
    rows = list(loans.values("item__record_id").annotate(n=Count("pk")).order_by("-n", "item__record_id")[:limit])
    found = Record.objects.in_bulk([row["item__record_id"] for row in rows])
    return [(found[row["item__record_id"]], row["n"]) for row in rows if row["item__record_id"] in found]


def title_order(record_ids: list[int]) -> list[int]:
    """Record ids in the pinyin order of their titles."""
    titles = dict(Record.objects.filter(pk__in=record_ids).values_list("pk", "title"))
    return sorted((i for i in record_ids if i in titles), key=lambda i: (title_spelling(titles[i]).full, i))


@dataclass(frozen=True)
class PointHours:
    point: ServicePoint
    hours: list[OpeningHours]
    open_now: bool


@dataclass(frozen=True)
class BranchPage:
    branch: Branch
    is_open_today: bool
    points: list[PointHours]
    closed_days: list[date]


def branch_page(branch: Branch, *, at: datetime, ahead: int = 60) -> BranchPage:
    today = timezone.localdate(at)
    calendar = calendar_for(branch, today, today + timedelta(days=ahead))
    open_today = calendar.is_open(today)
    now = timezone.localtime(at).time()
    points = []
    for point in branch.service_points.filter(is_active=True).exclude(kind=ServicePoint.Kind.KIOSK).order_by("code"):
        hours = list(point.opening_hours.order_by("weekday", "opens_at"))
        is_open = open_today and any(h.weekday == today.weekday() and h.opens_at <= now < h.closes_at for h in hours)
        points.append(PointHours(point, hours, is_open))
    closed = [
        today + timedelta(days=n)
        for n in range(1, ahead + 1)
        if not calendar.is_open(today + timedelta(days=n))
        and (today + timedelta(days=n)).weekday() not in calendar.closed_weekdays
    ]
    return BranchPage(branch, open_today, points, closed)


def public_branches() -> list[Branch]:
    return list(Branch.objects.filter(is_active=True).order_by("-kind", "code").exclude(code=""))
