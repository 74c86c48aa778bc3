from datetime import date

import pytest

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item
from shuyuan.serials import services
from shuyuan.serials.errors import Reason, SerialsRefused
from shuyuan.serials.models import Issue, Subscription
from shuyuan.serials.patterns import Pattern
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_collection
from shuyuan.testing.serials import make_reading_room, make_subscription

pytestmark = pytest.mark.django_db


def receive_all(subscription: Subscription) -> None:
    for issue in subscription.issues.all():
        services.check_in(issue, at=NOW, by=None)


def test_binding_a_year_makes_one_bound_volume_item_of_type_bound_periodical():
    subscription = make_subscription(title="湖南教育", pattern=Pattern("quarterly", date(2016, 3, 1)))
    receive_all(subscription)
    volume = services.bind(subscription, collection=make_collection(), at=NOW, by=None)
    item = Item.objects.get(pk=volume.item_id)
    assert item.item_type.name == "期刊合订本"
    assert item.record.title == "湖南教育"
    assert item.volume == "2016年 第1-4期"
    assert set(subscription.issues.values_list("place", flat=True)) == {Issue.Place.BOUND}


def test_a_bound_volume_notes_the_issues_that_never_came():
    subscription = make_subscription(pattern=Pattern("quarterly", date(2016, 3, 1)))
    for issue in subscription.issues.exclude(sequence=2):
        services.check_in(issue, at=NOW, by=None)
    volume = services.bind(subscription, collection=make_collection(), at=NOW, by=None)
    assert Item.objects.get(pk=volume.item_id).note == "缺 2016年第2期"


def test_binding_with_nothing_received_is_refused():
    subscription = make_subscription()
    with pytest.raises(SerialsRefused) as refused:
        services.bind(subscription, collection=make_collection(), at=NOW, by=None)
    assert refused.value.reason == Reason.NOTHING_TO_BIND
    assert not Item.objects.exists()


def test_shelving_keeps_the_newest_issue_on_display_and_stores_the_rest():
    room = make_reading_room()
    subscription = make_subscription(service_point=room)
    for issue in subscription.issues.filter(sequence__lte=3):
        services.check_in(issue, at=NOW, by=None)
    assert services.shelve_old_issues(room, at=NOW, by=None) == 2
    places = dict(subscription.issues.filter(sequence__lte=3).values_list("sequence", "place"))
    assert places == {1: Issue.Place.STORAGE, 2: Issue.Place.STORAGE, 3: Issue.Place.DISPLAY}


def test_renewing_subscribes_every_title_again_for_next_year_with_numbers_carried_on():
    room = make_reading_room()
    make_subscription(service_point=room, pattern=Pattern("monthly", date(2016, 1, 10), first_whole_number=121))
    make_subscription(service_point=room, pattern=Pattern("weekly", date(2016, 1, 6)))
    renewed = services.renew(2016, at=NOW, by=None)
    assert len(renewed) == 2
    monthly = Subscription.objects.get(year=2017, frequency="monthly")
    assert monthly.issues.get(sequence=1).label == "2017年第1期 (总第133期)"
    assert Subscription.objects.get(year=2017, frequency="weekly").issues.count() == 52


def test_renewing_a_year_twice_is_refused():
    make_subscription()
    services.renew(2016, at=NOW, by=None)
    with pytest.raises(SerialsRefused) as refused:
        services.renew(2016, at=NOW, by=None)
    assert refused.value.reason == Reason.NOTHING_TO_RENEW


def test_renewing_for_some_branches_leaves_the_other_branches_titles_alone():
    ours, theirs = make_reading_room(), make_reading_room()
    mine = make_subscription(service_point=ours)
    make_subscription(service_point=theirs)
    renewed = services.renew(2016, at=NOW, by=None, branches=Branch.objects.filter(pk=ours.branch_id))
    assert [s.renewed_from for s in renewed] == [mine]
