"""Factories for circulation tests: loan rules, a lending desk, and readers with many loans."""

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.circulation import configuration, services
from shuyuan.circulation.models import Channel, Loan, LoanRule, SettingsVersion
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
        "loan_days": 30, "max_loans": 10, "max_loans_of_type": 10, "max_renewals": 1, "renewal_days": 30,
        "max_holds": 5, "hold_pickup_days": 7,
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
    item: Item, patron: Patron, *, at: datetime = NOW, service_point: ServicePoint | None = None,
    channel: str = Channel.DESK, by: Any = None,
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
        Item(record=record, barcode=f"M{batch:04d}{i:05d}", item_type=book, collection=collection, home_branch=branch,
             current_branch=branch, status=Item.Status.ON_LOAN, created_at=at, status_changed_at=at)
        for i in range(n)
    )
    ItemStatusChange.objects.bulk_create(
        ItemStatusChange(item=i, old_status=Item.Status.ON_SHELF, new_status=Item.Status.ON_LOAN, at=at,
                         by_label="test") for i in items
    )
    return Loan.objects.bulk_create(
        Loan(item=i, patron=patron, item_type=book, branch=branch, channel=Channel.DESK, checked_out_at=at,
             due_at=at + timedelta(days=due_in_days)) for i in items
    )


__all__ = ["NOW", "give_back", "lend", "make_desk", "make_item", "make_open_loans", "make_rule"]
