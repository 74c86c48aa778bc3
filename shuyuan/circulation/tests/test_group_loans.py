import pytest
from django.utils import timezone

from shuyuan.catalog.models import Item
from shuyuan.circulation import services
from shuyuan.circulation.errors import CheckoutRefused, Reason
from shuyuan.circulation.models import Channel, CirculationEvent, Loan
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import lend, make_rule


def group_checkout(items, patron, desk, now):
    return services.group_checkout(items, patron, at=now, by=None, service_point=desk, channel=Channel.DESK)


def test_a_group_borrower_borrows_many_items_at_once_under_its_own_rule(station, branch, desk, now):
    make_rule(patron_category=station.category, loan_days=90, max_loans=500, max_loans_of_type=500)
    loans = group_checkout([make_item(branch=branch) for _ in range(20)], station, desk, now)
    assert ({(timezone.localdate(loan.due_at) - timezone.localdate(now)).days for loan in loans}, len(loans)) == (
        {90},
        20,
    )


def test_group_loans_are_marked_as_such(station, branch, desk, now):
    group_checkout([make_item(branch=branch)], station, desk, now)
    assert Loan.objects.get().is_group_loan


def test_group_checkout_writes_one_checkout_event_per_item(station, branch, desk, now):
    group_checkout([make_item(branch=branch) for _ in range(3)], station, desk, now)
    assert CirculationEvent.objects.filter(kind=CirculationEvent.Kind.CHECKOUT).count() == 3


def test_only_a_group_borrower_may_take_a_group_loan(reader, branch, desk, now):
    with pytest.raises(CheckoutRefused) as refused:
        group_checkout([make_item(branch=branch)], reader, desk, now)
    assert refused.value.reason == Reason.NOT_A_GROUP


def test_one_unavailable_item_refuses_the_whole_group_loan(station, reader, branch, desk, now):
    items = [make_item(branch=branch) for _ in range(3)]
    lend(items[2], reader, at=now, service_point=desk)
    with pytest.raises(CheckoutRefused) as refused:
        group_checkout(items, station, desk, now)
    statuses = set(Item.objects.filter(pk__in=[i.pk for i in items[:2]]).values_list("status", flat=True))
    assert (refused.value.detail["barcode"], statuses) == (items[2].barcode, {Item.Status.ON_SHELF})


def test_a_group_loan_beyond_the_groups_limit_is_refused(station, branch, desk, now):
    make_rule(patron_category=station.category, max_loans=2, max_loans_of_type=2)
    with pytest.raises(CheckoutRefused) as refused:
        group_checkout([make_item(branch=branch) for _ in range(3)], station, desk, now)
    assert (refused.value.reason, Loan.objects.count()) == (Reason.LOAN_LIMIT, 0)
