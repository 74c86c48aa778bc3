from datetime import timedelta

import pytest

from shuyuan.outreach import queries, services
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.models import Registration
from shuyuan.testing.branches import NOW
from shuyuan.testing.outreach import make_activity
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return make_activity(capacity=1, waiting_list_size=1)


def sign(activity, name="甲"):
    return services.sign_up(activity, make_patron(name), at=NOW, by=None, channel=Registration.Channel.DESK)


def door(activity, ticket, minutes=0):
    return services.check_in(activity, ticket, at=activity.starts_at + timedelta(minutes=minutes), by=None)


def test_checking_a_ticket_in_counts_it_in_the_attendance(activity):
    ticket = sign(activity).ticket
    assert door(activity, ticket).first_time
    activity.refresh_from_db()
    assert queries.attendance(activity) == 1


def test_checking_a_ticket_in_twice_counts_it_once_and_keeps_the_first_time(activity):
    ticket = sign(activity).ticket
    door(activity, ticket)
    again = door(activity, ticket, minutes=5)
    assert not again.first_time
    assert again.registration.checked_in_at == activity.starts_at
    assert queries.attendance(activity) == 1


def test_a_forged_ticket_is_refused_in_chinese(activity):
    sign(activity)
    with pytest.raises(OutreachRefused) as refused:
        door(activity, "0123456789ABCDEF0123")
    assert refused.value.reason == Reason.TICKET_UNKNOWN
    assert refused.value.message == "无效票：没有这个票号的报名。"


def test_a_ticket_of_another_activity_is_refused(activity):
    other = make_activity("换书大会", capacity=5)
    ticket = sign(other).ticket
    with pytest.raises(OutreachRefused) as refused:
        door(activity, ticket)
    assert refused.value.message == "这张票属于另一个活动：换书大会。"


def test_a_ticket_on_the_waiting_list_does_not_get_in(activity):
    sign(activity, "甲")
    waiting = sign(activity, "乙")
    with pytest.raises(OutreachRefused) as refused:
        door(activity, waiting.ticket)
    assert refused.value.reason == Reason.TICKET_WAITING


def test_a_cancelled_ticket_does_not_get_in(activity):
    registration = sign(activity)
    services.cancel(registration, at=NOW, by=None)
    with pytest.raises(OutreachRefused) as refused:
        door(activity, registration.ticket)
    assert refused.value.reason == Reason.TICKET_CANCELLED
