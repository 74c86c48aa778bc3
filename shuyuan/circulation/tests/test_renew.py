from datetime import date, timedelta

import pytest
from django.utils import timezone

from shuyuan.circulation import services
from shuyuan.circulation.errors import Reason, RenewalRefused
from shuyuan.circulation.models import Channel, CirculationEvent, CirculationPolicy
from shuyuan.patrons.models import PatronBlock
from shuyuan.testing.circulation import give_back, lend, make_rule


def renew(loan, at, **kwargs):
    return services.renew(loan, at=at, by=None, channel=kwargs.pop("channel", Channel.OPAC), **kwargs)


def renewal_refusal(loan, at, **kwargs):
    with pytest.raises(RenewalRefused) as refused:
        renew(loan, at, **kwargs)
    return refused.value.reason


def test_renewal_extends_the_loan_from_today_by_the_renewal_period(book, reader, desk, now):
    make_rule(renewal_days=20)
    loan = lend(book, reader, at=now, service_point=desk)
    renewed = renew(loan, now + timedelta(days=25))
    assert (timezone.localdate(renewed.due_at), renewed.renewals) == (date(2016, 4, 15), 1)


def test_renewal_is_refused_after_the_maximum_number_of_renewals(book, reader, desk, now):
    make_rule(max_renewals=1)
    loan = lend(book, reader, at=now, service_point=desk)
    renew(loan, now + timedelta(days=20))
    assert renewal_refusal(loan, now + timedelta(days=40)) == Reason.RENEWAL_LIMIT


def test_renewal_is_refused_when_another_reader_waits_for_the_title(book, reader, second_reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    services.place_hold(book.record, second_reader, pickup_branch=desk.branch, at=now, by=None, channel=Channel.OPAC)
    assert renewal_refusal(loan, now + timedelta(days=20)) == Reason.RENEWAL_ON_HOLD


def test_renewal_of_an_overdue_loan_is_refused(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    assert renewal_refusal(loan, now + timedelta(days=35)) == Reason.RENEWAL_OVERDUE


def test_renewal_of_an_overdue_loan_is_allowed_where_the_policy_says_so(book, reader, desk, now):
    CirculationPolicy.objects.create(library=desk.branch.library, renews_overdue_loans=True)
    loan = lend(book, reader, at=now, service_point=desk)
    assert renew(loan, now + timedelta(days=35)).renewals == 1


def test_renewal_the_same_day_as_the_checkout_is_refused_as_pointless(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    assert renewal_refusal(loan, now) == Reason.RENEWAL_TOO_EARLY


def test_renewal_is_refused_for_a_blocked_reader(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    PatronBlock.objects.create(patron=reader, reason="x", created_at=now)
    assert renewal_refusal(loan, now + timedelta(days=20)) == Reason.PATRON_BLOCKED


def test_renewal_of_a_returned_loan_is_refused(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now, service_point=desk)
    assert renewal_refusal(loan, now + timedelta(days=20)) == Reason.LOAN_CLOSED


def test_online_renewal_follows_the_rule_of_the_lending_branch(book, reader, desk, other_desk, now):
    make_rule(branch=other_desk.branch, renewal_days=60)
    make_rule(branch=desk.branch, renewal_days=10)
    loan = lend(book, reader, at=now, service_point=other_desk)
    renewed = renew(loan, now + timedelta(days=20))
    assert timezone.localdate(renewed.due_at) == date(2016, 3, 21) + timedelta(days=60)


def test_renewal_writes_a_renewal_event_at_the_lending_branch_when_online(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    renew(loan, now + timedelta(days=20))
    event = CirculationEvent.objects.get(kind=CirculationEvent.Kind.RENEWAL)
    assert (event.branch, event.channel, event.service_point) == (desk.branch, Channel.OPAC, None)
