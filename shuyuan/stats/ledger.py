"""The item ledger: the stock as of the end of any day, rebuilt from when each item was created and
its status changes, so that opening + added − withdrawn = closing for any period (weeding included)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.stats.dimensions import DIMENSIONS, key_of
from shuyuan.stats.sources import bounds

STOCK_DIMENSIONS = ("branch", "collection", "item_type", "clc_class")
PATHS = {"branch": "home_branch_id", "collection": "collection_id", "item_type": "item_type_id"}


@dataclass(frozen=True)
class StockRow:
    key: str  # "" for the whole stock
    label: str
    kinds: int  # 种: distinct records
    volumes: int  # 册: items


@dataclass(frozen=True)
class LedgerRow:
    key: str
    label: str
    opening: int
    added: int
    withdrawn: int  # net: withdrawals less items put back into the stock
    closing: int


def withdrawn_as_of(end: Any) -> QuerySet[Item]:
    """Items whose last status change before ``end`` made them withdrawn (few: weeding is rare)."""
    last = ItemStatusChange.objects.filter(item=OuterRef("pk"), at__lt=end).order_by("-at", "-pk").values("new_status")
    touched = ItemStatusChange.objects.filter(new_status=Item.Status.WITHDRAWN, at__lt=end).values("item_id")
    return (
        Item.objects.filter(pk__in=touched)
        .annotate(status_then=Subquery(last[:1]))
        .filter(status_then=Item.Status.WITHDRAWN)
    )


def in_stock(on: date, *, branch: Branch | None = None) -> QuerySet[Item]:
    """The items in the stock at the end of ``on``."""
    _start, end = bounds(on, on)
    items = Item.objects.filter(created_at__lt=end).exclude(pk__in=withdrawn_as_of(end).values("pk"))
    return items.filter(home_branch=branch) if branch is not None else items


def _expression(by: str) -> Any:
    from django.db.models import F
    from django.db.models.functions import Substr, Upper

    return Upper(Substr("record__clc", 1, 1)) if by == "clc_class" else F(PATHS[by])


def stock(on: date, *, branch: Branch | None = None, by: str | None = None) -> list[StockRow] | StockRow:
    """Kinds and volumes at the end of ``on``: one row for the whole stock, or one per key of ``by``."""
    items = in_stock(on, branch=branch)
    if by is None:
        totals = items.aggregate(volumes=Count("pk"), kinds=Count("record_id", distinct=True))
        return StockRow("", "", totals["kinds"], totals["volumes"])
    _check(by)
    grouped = (
        items.order_by()
        .annotate(_key=_expression(by))
        .values("_key")
        .annotate(volumes=Count("pk"), kinds=Count("record_id", distinct=True))
    )
    found = {key_of(row["_key"], by): (row["kinds"], row["volumes"]) for row in grouped}
    labels = DIMENSIONS[by].labels(found)
    return [StockRow(k, labels[k], *found[k]) for k in sorted(found)]


def _check(by: str) -> None:
    from shuyuan.stats.errors import Reason, StatsRefusal

    if by not in STOCK_DIMENSIONS:
        raise StatsRefusal(Reason.DIMENSION_NOT_ALLOWED, measure="stock", dimension=str(by)[:40])


def _volumes_by(items: QuerySet[Any], by: str | None, path: str = "") -> dict[str, int]:
    if by is None:
        return {"": items.count()}
    expression = _expression_under(path, by)
    grouped = items.order_by().annotate(_key=expression).values("_key").annotate(n=Count("pk"))
    answer: dict[str, int] = defaultdict(int)
    for row in grouped:
        answer[key_of(row["_key"], by)] += row["n"]
    return dict(answer)


def _expression_under(path: str, by: str) -> Any:
    from django.db.models import F
    from django.db.models.functions import Substr, Upper

    if by == "clc_class":
        return Upper(Substr(f"{path}record__clc", 1, 1))
    return F(f"{path}{PATHS[by]}")


def ledger(first: date, last: date, *, branch: Branch | None = None, by: str | None = None) -> list[LedgerRow]:
    """Opening stock (end of the day before ``first``), items added, items withdrawn (net) and the
    closing stock (end of ``last``), each counted on its own rows."""
    if by is not None:
        _check(by)
    start, end = bounds(first, last)
    opening = _volumes_by(in_stock(first - timedelta(days=1), branch=branch), by)
    closing = _volumes_by(in_stock(last, branch=branch), by)
    added_items = Item.objects.filter(created_at__gte=start, created_at__lt=end)
    changes = ItemStatusChange.objects.filter(at__gte=start, at__lt=end)
    if branch is not None:
        added_items = added_items.filter(home_branch=branch)
        changes = changes.filter(item__home_branch=branch)
    added = _volumes_by(added_items, by)
    out = _volumes_by(changes.filter(new_status=Item.Status.WITHDRAWN), by, "item__")
    back = _volumes_by(changes.filter(old_status=Item.Status.WITHDRAWN), by, "item__")
    keys = sorted(set(opening) | set(closing) | set(added) | set(out) | set(back))
    labels = DIMENSIONS[by].labels(keys) if by else {"": ""}
    return [
        LedgerRow(
            k,
            labels[k],
            opening.get(k, 0),
            added.get(k, 0),
            out.get(k, 0) - back.get(k, 0),
            closing.get(k, 0),
        )
        for k in keys
    ]
