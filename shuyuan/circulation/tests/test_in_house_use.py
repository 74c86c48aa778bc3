"""In-house use (阅览册次) and the desk's daily tally."""

from datetime import timedelta

import pytest

from shuyuan.circulation import queries, services
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import CirculationEvent
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import give_back, lend


def test_in_house_use_is_an_event_of_its_own_kind_at_the_service_point(book, desk, now):
    services.record_in_house_use(book, at=now, by=None, service_point=desk, channel="desk")
    event = CirculationEvent.objects.get()
    assert (event.kind, event.service_point, event.item) == ("in_house_use", desk, book)


def test_in_house_use_leaves_the_item_as_it_was(book, desk, now):
    services.record_in_house_use(book, at=now, by=None, service_point=desk, channel="desk")
    book.refresh_from_db()
    assert book.status == "on_shelf"


def test_a_withdrawn_item_is_not_counted_as_used(book, desk, now):
    book.status = "withdrawn"
    with pytest.raises(CirculationRefused) as refused:
        services.record_in_house_use(book, at=now, by=None, service_point=desk, channel="desk")
    assert refused.value.reason == Reason.ITEM_WITHDRAWN


def test_the_tally_counts_a_days_loans_returns_renewals_and_in_house_uses_at_a_desk(reader, branch, desk, now):
    first, second = make_item(branch=branch), make_item(branch=branch)
    lend(first, reader, at=now, service_point=desk)
    lend(second, reader, at=now, service_point=desk)
    give_back(first, at=now + timedelta(hours=1), service_point=desk)
    services.record_in_house_use(first, at=now, by=None, service_point=desk, channel="desk")
    tally = queries.tally(first=now - timedelta(hours=1), last=now + timedelta(hours=2), service_point=desk)
    assert (tally.loans, tally.returns, tally.renewals, tally.in_house_use) == (2, 1, 0, 1)


def test_the_tally_leaves_out_other_days_and_other_desks(reader, branch, desk, other_desk, now):
    lend(make_item(branch=branch), reader, at=now - timedelta(days=1), service_point=desk)
    lend(make_item(branch=branch), reader, at=now, service_point=other_desk)
    tally = queries.tally(first=now - timedelta(hours=1), last=now + timedelta(hours=1), service_point=desk)
    assert tally.loans == 0
