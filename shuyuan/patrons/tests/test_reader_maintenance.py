"""Editing, renewing and blocking readers."""

from datetime import date

import pytest

from shuyuan.audit.models import AuditEntry
from shuyuan.keys import decrypt
from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron, RegistrationEvent
from shuyuan.testing.branches import NOW
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def test_editing_the_phone_stores_it_encrypted_and_masked() -> None:
    patron = services.update(make_patron(), phone="139 0000 1111", at=NOW, by=None)
    assert (decrypt(patron.phone_encrypted), patron.phone_masked) == ("13900001111", "139****1111")


def test_editing_logs_which_fields_changed_but_not_their_values() -> None:
    services.update(make_patron(), phone="13900001111", name="张三丰", at=NOW, by=None)
    entry = AuditEntry.objects.get(action="patron.update")
    assert entry.detail == {"fields": ["name", "name_initials", "name_pinyin", "phone"]}


def test_editing_nothing_logs_nothing() -> None:
    patron = make_patron()
    services.update(patron, name=patron.name, at=NOW, by=None)
    assert not AuditEntry.objects.filter(action="patron.update").exists()


def test_renewing_extends_the_card_from_its_expiry() -> None:
    patron = services.renew(make_patron(), at=NOW, by=None)
    assert patron.expires_on == date(2026, 3, 1)


def test_renewing_an_expired_card_counts_from_today() -> None:
    patron = make_patron()
    Patron.objects.filter(pk=patron.pk).update(expires_on=date(2015, 1, 1), status=Patron.Status.EXPIRED)
    patron = services.renew(patron, at=NOW, by=None)
    assert (patron.expires_on, patron.status) == (date(2021, 3, 1), Patron.Status.ACTIVE)


def test_renewing_writes_a_renewal_event() -> None:
    patron = services.renew(make_patron(), at=NOW, by=None)
    assert RegistrationEvent.objects.filter(reader_token=patron.reader_token, kind="renewed").exists()


def test_a_block_cannot_be_lifted_twice() -> None:
    entry = services.block(make_patron(), reason="x", at=NOW, by=None)
    services.lift_block(entry, at=NOW, by=None)
    with pytest.raises(PatronRefused) as refused:
        services.lift_block(entry, at=NOW, by=None)
    assert refused.value.reason == Reason.ALREADY_LIFTED
