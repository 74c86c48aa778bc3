"""Factories for circulation tests: loan rules, a lending desk, readers with many loans, and
readers with each kind of obstacle to borrowing."""

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.circulation import configuration, services
from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import (
    Channel,
    CirculationPolicy,
    Compensation,
    Fee,
    Loan,
    LoanRule,
    OverdueListing,
    SettingsVersion,
    Suspension,
)
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.testing.branches import NOW, make_service_point
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record

_numbers = count(1)


def make_rule(
    patron_category: PatronCategory | None = None,
    item_type: Any = None,
    branch: Branch | None = None,
    **terms: Any,
) -> LoanRule:
    defaults = {
        "loan_days": 30,
        "max_loans": 10,
        "max_loans_of_type": 10,
        "max_renewals": 1,
        "renewal_days": 30,
        "max_holds": 5,
        "hold_pickup_days": 7,
    }
    return LoanRule.objects.create(
        patron_category=patron_category, item_type=item_type, branch=branch, updated_at=NOW, **{**defaults, **terms}
    )


def read_configuration() -> configuration.Configuration:
    """This process's copy of circulation's configuration, read now so that what a test counts
    comes after. A transactional test's flush deletes the token's row (and with it the copy):
    it is put back first."""
    SettingsVersion.objects.get_or_create(pk=1, defaults={"token": 0})
    return configuration.current()


def make_desk(branch: Branch | None = None, **fields: Any) -> ServicePoint:
    return make_service_point(branch, kind=ServicePoint.Kind.LENDING_DESK, **fields)


def lend(
    item: Item,
    patron: Patron,
    *,
    at: datetime = NOW,
    service_point: ServicePoint | None = None,
    channel: str = Channel.DESK,
    by: Any = None,
) -> Loan:
    """Check out through the service, at a desk of the item's branch unless told otherwise."""
    point = service_point or make_desk(item.current_branch)
    return services.checkout(item, patron, at=at, by=by, service_point=point, channel=channel)


def give_back(
    item: Item, *, at: datetime = NOW, service_point: ServicePoint | None = None, channel: str = Channel.DESK
) -> services.CheckinResult:
    point = service_point or make_desk(item.current_branch)
    return services.checkin(item, at=at, by=None, service_point=point, channel=channel)


def make_open_loans(patron: Patron, n: int, *, branch: Branch, at: datetime = NOW, due_in_days: int = 30) -> list[Loan]:
    """``n`` items already on loan to ``patron`` (bulk, for tests about readers with many loans)."""
    book = make_item_type("BOOK")
    collection = make_collection(branch)
    record = make_record()
    batch = next(_numbers)
    items = Item.objects.bulk_create(
        Item(
            record=record,
            barcode=f"M{batch:04d}{i:05d}",
            item_type=book,
            collection=collection,
            home_branch=branch,
            current_branch=branch,
            status=Item.Status.ON_LOAN,
            created_at=at,
            status_changed_at=at,
        )
        for i in range(n)
    )
    ItemStatusChange.objects.bulk_create(
        ItemStatusChange(
            item=i, old_status=Item.Status.ON_SHELF, new_status=Item.Status.ON_LOAN, at=at, by_label="test"
        )
        for i in items
    )
    return Loan.objects.bulk_create(
        Loan(
            item=i,
            patron=patron,
            item_type=book,
            branch=branch,
            channel=Channel.DESK,
            checked_out_at=at,
            due_at=at + timedelta(days=due_in_days),
        )
        for i in items
    )


# ---- readers who may not borrow, one per kind of obstacle ---------------------------------------------


def _closed(patron: Patron, point: ServicePoint, at: datetime) -> None:
    Patron.objects.filter(pk=patron.pk).update(status=Patron.Status.CLOSED)


def _pending(patron: Patron, point: ServicePoint, at: datetime) -> None:
    Patron.objects.filter(pk=patron.pk).update(status=Patron.Status.PENDING)


def _expired(patron: Patron, point: ServicePoint, at: datetime) -> None:
    Patron.objects.filter(pk=patron.pk).update(expires_on=timezone.localdate(at) - timedelta(days=1))


def _blocked(patron: Patron, point: ServicePoint, at: datetime) -> None:
    patron_services.block(patron, reason="损坏图书未赔偿", at=at, by=None)


def _listed(patron: Patron, point: ServicePoint, at: datetime) -> None:
    OverdueListing.objects.create(patron=patron, long_overdues=3, listed_at=at)


def _suspended(patron: Patron, point: ServicePoint, at: datetime) -> None:
    today = timezone.localdate(at)
    Suspension.objects.create(
        patron=patron,
        first_day=today - timedelta(days=2),
        last_day=today + timedelta(days=12),
        overdue_days=7,
        created_at=at - timedelta(days=3),
    )


def _owes_compensation(patron: Patron, point: ServicePoint, at: datetime) -> None:
    damaged = make_item(branch=point.branch, price="28.50")
    services.record_compensation(
        damaged,
        patron,
        cause=Compensation.Cause.DAMAGED,
        at=at - timedelta(days=1),
        by=None,
        service_point=point,
        channel=Channel.DESK,
    )


def _overdue(patron: Patron, point: ServicePoint, at: datetime) -> None:
    make_open_loans(patron, 1, branch=point.branch, at=at - timedelta(days=45), due_in_days=30)


def _owes_fees(patron: Patron, point: ServicePoint, at: datetime) -> None:
    CirculationPolicy.objects.update_or_create(
        library=point.branch.library, defaults={"charges_fees": True, "fee_block_amount": Decimal("5.00")}
    )
    Fee.objects.create(patron=patron, amount=Decimal("6.00"), overdue_days=12, created_at=at - timedelta(days=5))


def _at_loan_limit(patron: Patron, point: ServicePoint, at: datetime) -> None:
    make_rule(patron.category, branch=point.branch, max_loans=2, max_loans_of_type=2)
    make_open_loans(patron, 2, branch=point.branch, at=at)


# Each kind of obstacle: how a reader comes to have it as of a time, and the reason checkout refuses them with.
OBSTACLES: dict[str, tuple[Callable[[Patron, ServicePoint, datetime], None], Reason]] = {
    "closed": (_closed, Reason.PATRON_CLOSED),
    "pending": (_pending, Reason.PATRON_PENDING),
    "expired": (_expired, Reason.PATRON_EXPIRED),
    "blocked": (_blocked, Reason.PATRON_BLOCKED),
    "listed": (_listed, Reason.PATRON_ON_OVERDUE_LIST),
    "suspended": (_suspended, Reason.PATRON_SUSPENDED),
    "owes_compensation": (_owes_compensation, Reason.PATRON_OWES_COMPENSATION),
    "overdue": (_overdue, Reason.PATRON_HAS_OVERDUE),
    "owes_fees": (_owes_fees, Reason.PATRON_OWES_FEES),
    "loan_limit": (_at_loan_limit, Reason.LOAN_LIMIT),
}


def make_obstacle(kind: str, patron: Patron, point: ServicePoint, *, at: datetime = NOW) -> Patron:
    """Give ``patron`` the obstacle ``kind`` (a key of OBSTACLES) as of ``at``; the reader as stored."""
    OBSTACLES[kind][0](patron, point, at)
    return Patron.objects.get(pk=patron.pk)


__all__ = [
    "NOW",
    "OBSTACLES",
    "give_back",
    "lend",
    "make_desk",
    "make_item",
    "make_obstacle",
    "make_open_loans",
    "make_rule",
]
