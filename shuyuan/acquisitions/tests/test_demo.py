"""The demo's acquisitions reproduce the seed's figures (DESIGN.md section 7). One demo load, as it
takes a minute: each figure is checked by a line of the one test."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from shuyuan.acquisitions import queries
from shuyuan.acquisitions.models import Discrepancy, ExchangeFair, PurchaseSuggestion, Vendor

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
HALF_YEAR = (datetime(2016, 1, 1, tzinfo=SHANGHAI), datetime(2016, 7, 1, tzinfo=SHANGHAI))


def test_the_demo_reproduces_the_seeds_acquisitions_figures(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())
    # Suppliers in Beijing and Changsha.
    assert set(Vendor.objects.values_list("city", flat=True)) == {"北京", "长沙"}
    # New books received in batches in the first half of 2016 (4 500+ at full scale; the small demo buys fewer).
    by_vendor = queries.received_report(*HALF_YEAR, by="vendor")
    assert len(by_vendor) == 3 and queries.received_totals(*HALF_YEAR).volumes == sum(r.volumes for r in by_vendor)
    assert Discrepancy.objects.filter(decision="").count() == 1
    # Local documents: 40 kinds, 102 volumes by 06-12.
    assert queries.local_document_counts(until=date(2016, 6, 12), since=date(2016, 1, 1)) == (40, 102)
    # The 04-24 fair: 800+ prepared, 850+ exchanged, 500+ visits.
    figures = queries.fair_figures(ExchangeFair.objects.get(held_on=date(2016, 4, 24)))
    assert figures.prepared >= 800 and figures.exchanged >= 850 and figures.visits >= 500
    # Readers' suggestions: arrived, declined, and one still waiting.
    assert set(PurchaseSuggestion.objects.values_list("status", flat=True)) == {
        PurchaseSuggestion.Status.ARRIVED,
        PurchaseSuggestion.Status.DECLINED,
        PurchaseSuggestion.Status.PENDING,
    }
