from datetime import date
from decimal import Decimal

import pytest

from shuyuan.outreach import queries, services
from shuyuan.outreach.errors import OutreachRefused
from shuyuan.outreach.models import Training
from shuyuan.roles import Role
from shuyuan.testing.branches import NOW, make_staff

pytestmark = pytest.mark.django_db


def train(title, kind, first, last, hours, attendees):
    return services.record_training(
        title=title,
        kind=kind,
        organiser="株洲市图书馆",
        first_day=first,
        last_day=last,
        hours=Decimal(hours),
        attendees=attendees,
        at=NOW,
        by=None,
    )


def test_training_hours_are_summed_per_person_in_the_year():
    a = make_staff(Role.ACTIVITIES, username="a")
    b = make_staff(Role.CIRCULATION, username="b")
    train("图书馆业务培训", Training.Kind.PROFESSIONAL, date(2016, 5, 19), date(2016, 5, 19), "6", [a, b])
    train("“两学一做”专题学习", Training.Kind.POLITICAL_STUDY, date(2016, 6, 1), date(2016, 6, 3), "18", [a])
    train("去年的培训", Training.Kind.PROFESSIONAL, date(2015, 11, 2), date(2015, 11, 2), "8", [b])
    rows = {user.username: (hours, events) for user, hours, events in queries.training_hours(2016)}
    assert rows == {"a": (Decimal("24"), 2), "b": (Decimal("6"), 1)}


def test_a_training_that_ends_before_it_starts_is_refused():
    with pytest.raises(OutreachRefused):
        train("倒置", Training.Kind.OTHER, date(2016, 6, 3), date(2016, 6, 1), "3", [])
