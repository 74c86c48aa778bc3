from datetime import date, timedelta

import pytest

from shuyuan.serials.errors import Reason, SerialsRefused
from shuyuan.serials.models import Issue
from shuyuan.serials.patterns import Pattern, predict
from shuyuan.testing.serials import make_reading_room, make_subscription

pytestmark = pytest.mark.django_db


def test_subscribing_generates_the_years_expected_issues():
    subscription = make_subscription(pattern=Pattern("monthly", date(2016, 1, 10), combined=((1, 2),)))
    labels = list(subscription.issues.values_list("label", flat=True))
    assert labels[:2] == ["2016年第1-2期", "2016年第3期"]
    assert len(labels) == 11
    assert set(subscription.issues.values_list("status", flat=True)) == {Issue.Status.EXPECTED}


def test_an_invalid_issn_is_refused_and_nothing_is_saved():
    with pytest.raises(SerialsRefused) as refused:
        make_subscription(issn="0254-4165")
    assert refused.value.reason == Reason.INVALID_NUMBER
    assert not Issue.objects.exists()


def test_an_invalid_cn_number_is_refused():
    with pytest.raises(SerialsRefused) as refused:
        make_subscription(cn="CN11-12345/G4")
    assert refused.value.reason == Reason.INVALID_NUMBER


def test_a_subscription_without_issn_or_cn_is_refused():
    with pytest.raises(SerialsRefused) as refused:
        make_subscription(issn="", cn="")
    assert refused.value.reason == Reason.NO_IDENTIFIER


def test_the_same_title_twice_in_one_room_and_year_is_refused():
    room = make_reading_room()
    make_subscription(service_point=room, cn="CN43-1001/G4")
    with pytest.raises(SerialsRefused) as refused:
        make_subscription(service_point=room, cn="CN43-1001/G4")
    assert refused.value.reason == Reason.ALREADY_SUBSCRIBED


def test_a_first_issue_outside_the_year_is_refused():
    with pytest.raises(SerialsRefused) as refused:
        make_subscription(pattern=Pattern("monthly", date(2015, 12, 1)))
    assert refused.value.reason == Reason.WRONG_YEAR


def test_the_fast_insert_stores_what_the_orm_would_store():
    subscription = make_subscription(
        pattern=Pattern("monthly", date(2016, 1, 10), first_whole_number=121, combined=((1, 2),)), late_after_days=7
    )
    fields = ["sequence", "label", "first_number", "last_number", "first_whole_number", "expected_on", "late_on"]
    fast = list(subscription.issues.order_by("sequence").values(*fields, "status", "place", "claim_count"))
    subscription.issues.all().delete()
    Issue.objects.bulk_create(
        Issue(
            subscription=subscription,
            sequence=p.sequence,
            label=p.label,
            first_number=p.first_number,
            last_number=p.last_number,
            first_whole_number=p.first_whole_number,
            expected_on=p.expected_on,
            late_on=p.expected_on + timedelta(days=7),
        )
        for p in predict(subscription.pattern())
    )
    assert list(subscription.issues.order_by("sequence").values(*fields, "status", "place", "claim_count")) == fast
