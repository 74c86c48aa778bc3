"""The demo's acquisitions reproduce the seed's figures (DESIGN.md section 7)."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from shuyuan.acquisitions import queries
from shuyuan.acquisitions.models import Discrepancy, ExchangeFair, PurchaseSuggestion, Vendor

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())


def test_the_demo_buys_from_suppliers_in_beijing_and_changsha(demo):
    assert set(Vendor.objects.values_list("city", flat=True)) == {"北京", "长沙"}


def test_the_demo_receives_its_new_books_in_batches_in_the_first_half_of_2016(demo):
    total = queries.received_totals(datetime(2016, 1, 1, tzinfo=SHANGHAI), datetime(2016, 7, 1, tzinfo=SHANGHAI))
    assert total.volumes > 0 and total.volumes == sum(row.volumes for row in queries.received_report(
        datetime(2016, 1, 1, tzinfo=SHANGHAI), datetime(2016, 7, 1, tzinfo=SHANGHAI), by="vendor"))
    assert Discrepancy.objects.filter(decision="").count() == 1


def test_the_demo_collects_40_kinds_and_102_volumes_of_local_documents_by_june_12(demo):
    assert queries.local_document_counts(until=date(2016, 6, 12), since=date(2016, 1, 1)) == (40, 102)


def test_the_demo_exchange_fair_has_800_books_prepared_and_850_exchanged(demo):
    figures = queries.fair_figures(ExchangeFair.objects.get(held_on=date(2016, 4, 24)))
    assert figures.prepared >= 800 and figures.exchanged >= 850 and figures.visits >= 500


def test_the_demo_readers_suggestions_have_arrived_been_declined_or_wait(demo):
    statuses = set(PurchaseSuggestion.objects.values_list("status", flat=True))
    assert statuses == {PurchaseSuggestion.Status.ARRIVED, PurchaseSuggestion.Status.DECLINED,
                        PurchaseSuggestion.Status.PENDING}
