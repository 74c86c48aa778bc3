"""Online applications wait for the first visit, and lapse when nobody comes."""

from datetime import timedelta

import pytest

from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron, RegistrationEvent
from shuyuan.testing.branches import NOW, make_service_point
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def applicant() -> Patron:
    return make_patron("周一", channel=Patron.Channel.WEB)


def test_an_online_application_waits_for_confirmation() -> None:
    assert applicant().status == Patron.Status.PENDING


def test_an_online_application_is_no_new_card_yet() -> None:
    patron = applicant()
    assert RegistrationEvent.objects.get(reader_token=patron.reader_token).kind == RegistrationEvent.Kind.PENDING


def test_confirming_counts_the_new_card_at_the_desk_that_confirmed() -> None:
    patron = applicant()
    desk = make_service_point(patron.home_branch)
    services.confirm(patron, service_point=desk, at=NOW, by=None)
    event = RegistrationEvent.objects.get(reader_token=patron.reader_token, kind=RegistrationEvent.Kind.NEW_CARD)
    assert (event.channel, event.service_point) == (Patron.Channel.WEB, desk)


def test_an_active_reader_cannot_be_confirmed() -> None:
    patron = make_patron()
    with pytest.raises(PatronRefused) as refused:
        services.confirm(patron, service_point=make_service_point(), at=NOW, by=None)
    assert refused.value.reason == Reason.NOT_PENDING


def test_online_registration_without_a_visit_is_active_at_once_when_configured(settings) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"ONLINE_NEEDS_VISIT": False}}
    assert applicant().status == Patron.Status.ACTIVE


def test_an_application_nobody_confirmed_lapses() -> None:
    applicant()
    assert (services.purge_lapsed_applications(at=NOW + timedelta(days=31), by=None), Patron.objects.count()) == (1, 0)


def test_a_recent_application_does_not_lapse() -> None:
    applicant()
    assert services.purge_lapsed_applications(at=NOW + timedelta(days=29), by=None) == 0
