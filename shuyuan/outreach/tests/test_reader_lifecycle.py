"""A volunteer who is a reader goes with the reader's erasure, and moves on a merge."""

from datetime import timedelta

import pytest

from shuyuan.lifecycle import services as lifecycle
from shuyuan.outreach import queries, services
from shuyuan.outreach.models import Registration, Volunteer
from shuyuan.patrons.models import PatronCategory
from shuyuan.testing.branches import NOW
from shuyuan.testing.outreach import make_activity, make_volunteer
from shuyuan.testing.patrons import make_category, make_patron

pytestmark = pytest.mark.django_db


def test_erasing_a_reader_erases_their_volunteer_record():
    reader = make_patron("陈静")
    make_volunteer("陈静", patron=reader, phone="13812345678")
    lifecycle.erase_patron(reader, at=NOW, by=None, reason="读者申请注销")
    assert not Volunteer.objects.exists()


def test_erasing_a_reader_keeps_their_check_in_in_the_attendance():
    reader = make_patron("陈静")
    activity = make_activity(capacity=5)
    registration = services.sign_up(activity, reader, at=NOW, by=None, channel=Registration.Channel.DESK)
    services.check_in(activity, registration.ticket, at=activity.starts_at, by=None)
    lifecycle.erase_patron(reader, at=activity.starts_at + timedelta(days=1), by=None, reason="读者申请注销")
    registration.refresh_from_db()
    assert registration.patron_id is None
    assert queries.attendance(activity) == 1


def test_merging_two_records_moves_the_volunteer_record_to_the_kept_one():
    keep = make_patron(
        "陈静",
        id_number=None,
        category=make_category(PatronCategory.Kind.GROUP),
        contact_name="陈静",
        card_number="A0001",
        is_legacy_card=True,
    )
    remove = make_patron("陈静")
    volunteer = make_volunteer("陈静", patron=remove)
    lifecycle.merge(keep, remove, at=NOW, by=None)
    volunteer.refresh_from_db()
    assert volunteer.patron_id == keep.pk


def test_erasing_a_reader_gives_their_place_to_the_first_reader_waiting():
    activity = make_activity(capacity=1, waiting_list_size=3)
    leaving = make_patron("陈静")
    services.sign_up(activity, leaving, at=NOW, by=None, channel=Registration.Channel.DESK)
    waiting = services.sign_up(activity, make_patron("李明"), at=NOW, by=None, channel=Registration.Channel.DESK)
    lifecycle.erase_patron(leaving, at=NOW, by=None, reason="读者申请注销")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
