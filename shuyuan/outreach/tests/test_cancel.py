import pytest

from shuyuan.outreach import services
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.models import Registration
from shuyuan.testing.branches import NOW
from shuyuan.testing.outreach import make_activity
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def sign(activity, name):
    return services.sign_up(activity, make_patron(name), at=NOW, by=None, channel=Registration.Channel.ONLINE)


def test_cancelling_a_place_gives_it_to_the_first_reader_waiting():
    activity = make_activity(capacity=1, waiting_list_size=3)
    holder, first, second = sign(activity, "甲"), sign(activity, "乙"), sign(activity, "丙")
    promoted = services.cancel(holder, at=NOW, by=None)
    assert promoted == first
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.promoted_at) == (Registration.Status.REGISTERED, NOW)
    assert second.status == Registration.Status.WAITING


def test_cancelling_a_waiting_sign_up_promotes_nobody():
    activity = make_activity(capacity=1, waiting_list_size=3)
    sign(activity, "甲")
    waiting = sign(activity, "乙")
    assert services.cancel(waiting, at=NOW, by=None) is None
    assert activity.registrations.filter(status=Registration.Status.REGISTERED).count() == 1


def test_a_cancelled_sign_up_cannot_be_cancelled_again():
    registration = sign(make_activity(capacity=1), "甲")
    services.cancel(registration, at=NOW, by=None)
    with pytest.raises(OutreachRefused) as refused:
        services.cancel(registration, at=NOW, by=None)
    assert refused.value.reason == Reason.NOT_SIGNED_UP
