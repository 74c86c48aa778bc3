"""The circulation part of ``shuyuan demo --small`` (it needs the catalogue and readers demos too)."""

import io
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db.models import F

from shuyuan.catalog.models import Item
from shuyuan.circulation.demo import SMALL_TARGET
from shuyuan.circulation.models import CirculationEvent, Loan
from shuyuan.demo import local

pytestmark = pytest.mark.django_db

PRINT = [CirculationEvent.Kind.CHECKOUT, CirculationEvent.Kind.CHECKIN]


def load_demo() -> None:
    call_command("demo", "--small", stdout=io.StringIO())


def print_checkouts_and_checkins() -> int:
    period = CirculationEvent.objects.filter(at__gte=local(2016, 1, 1, 0), at__lt=local(2016, 7, 1, 0))
    return period.filter(kind__in=PRINT).exclude(item_type__code="AV").count()


def test_the_demo_has_exactly_its_number_of_print_checkouts_and_checkins_in_the_half_year():
    load_demo()
    assert print_checkouts_and_checkins() == SMALL_TARGET


def test_loading_the_demo_twice_adds_no_loans():
    load_demo()
    loans = Loan.objects.count()
    load_demo()
    assert Loan.objects.count() == loans


def test_demo_loans_follow_the_life_of_items_and_readers():
    load_demo()
    assert not Loan.objects.filter(checked_out_at__lt=F("patron__registered_at")).exists()
    assert not Loan.objects.filter(checked_out_at__lt=F("item__created_at")).exists()
    assert not Loan.objects.filter(closed_at__lt=F("checked_out_at")).exists()


def test_demo_loans_of_one_item_never_overlap():
    load_demo()
    for item_id in Loan.objects.values_list("item_id", flat=True).distinct()[:200]:
        loans = list(Loan.objects.filter(item_id=item_id).order_by("checked_out_at"))
        assert all(a.closed_at is not None and a.closed_at <= b.checked_out_at for a, b in pairwise(loans))


def test_every_item_the_demo_has_on_loan_has_exactly_one_open_loan():
    load_demo()
    on_loan = set(Item.objects.filter(status=Item.Status.ON_LOAN).values_list("pk", flat=True))
    assert on_loan == set(Loan.objects.filter(status=Loan.Status.OPEN).values_list("item_id", flat=True))


def test_the_new_branch_lends_on_its_first_day():
    load_demo()
    first_day = CirculationEvent.objects.filter(
        kind=CirculationEvent.Kind.CHECKOUT, branch__code="LL02", at__date="2016-07-07"
    )
    assert first_day.count() == 10
