from datetime import timedelta

import pytest

from shuyuan.outreach import services
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.models import Registration
from shuyuan.outreach.rules import SignupStatus
from shuyuan.testing.branches import NOW
from shuyuan.testing.outreach import make_activity
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db

DESK = Registration.Channel.DESK


def sign(activity, patron, at=NOW):
    return services.sign_up(activity, patron, at=at, by=None, channel=DESK)


def test_a_reader_takes_a_free_place_with_a_ticket():
    registration = sign(make_activity(capacity=2), make_patron())
    assert registration.status == Registration.Status.REGISTERED
    assert len(registration.ticket) == 20


def test_once_the_places_are_taken_a_reader_goes_on_the_waiting_list():
    activity = make_activity(capacity=1, waiting_list_size=5)
    sign(activity, make_patron("甲"))
    assert sign(activity, make_patron("乙")).status == Registration.Status.WAITING
    assert services.current_status(activity, at=NOW) == SignupStatus.WAITING_LIST


def test_a_sign_up_past_capacity_and_waiting_list_is_refused_in_chinese():
    activity = make_activity(capacity=1, waiting_list_size=0)
    sign(activity, make_patron("甲"))
    with pytest.raises(OutreachRefused) as refused:
        sign(activity, make_patron("乙"))
    assert refused.value.reason == Reason.FULL
    assert refused.value.message == "1 个名额已满，候补名单也已满，不能再报名。"
    assert Registration.objects.filter(activity=activity).count() == 1


def test_a_sign_up_before_it_opens_says_when_it_opens():
    activity = make_activity(capacity=5, signup_opens_at=NOW + timedelta(days=1))
    with pytest.raises(OutreachRefused) as refused:
        sign(activity, make_patron())
    assert refused.value.reason == Reason.SIGNUP_NOT_OPEN
    assert "报名将于 2016-03-02 10:00 开始" in refused.value.message


def test_a_reader_cannot_sign_up_twice():
    activity, reader = make_activity(capacity=5), make_patron()
    sign(activity, reader)
    with pytest.raises(OutreachRefused) as refused:
        sign(activity, reader)
    assert refused.value.reason == Reason.ALREADY_SIGNED_UP


def test_sign_up_closes_when_the_activity_starts():
    activity = make_activity(capacity=5)
    with pytest.raises(OutreachRefused) as refused:
        sign(activity, make_patron(), at=activity.starts_at)
    assert refused.value.reason == Reason.SIGNUP_CLOSED
