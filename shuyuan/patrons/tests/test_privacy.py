"""Privacy by design: encrypted at rest, masked on screen and in exports, reveals audited."""

import pytest
from django.contrib.auth.models import Permission

from shuyuan.audit.models import AuditEntry
from shuyuan.keys import decrypt
from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import NOW, make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def a_reader() -> Patron:
    return make_patron(phone="13812345678", address="醴陵市仙岳山街道 1 号")


def admin():
    user = make_staff("circulation")
    user.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    return type(user).objects.get(pk=user.pk)


def test_no_column_of_the_reader_row_holds_the_id_number_or_phone_in_clear() -> None:
    patron = a_reader()
    number = decrypt(patron.id_number_encrypted)
    row = Patron.objects.filter(pk=patron.pk).values().get()
    assert not [k for k, v in row.items() if isinstance(v, str) and (number in v or "13812345678" in v)]


def test_the_phone_is_kept_masked_for_screens() -> None:
    assert a_reader().phone_masked == "138****5678"


def test_revealing_needs_the_permission() -> None:
    with pytest.raises(PatronRefused) as refused:
        services.reveal(a_reader(), what="id_number", reason="核对", at=NOW, by=make_staff("circulation"))
    assert refused.value.reason == Reason.NOT_ALLOWED


def test_revealing_gives_the_full_value() -> None:
    patron = a_reader()
    assert services.reveal(patron, what="phone", reason="联系读者", at=NOW, by=admin()) == "13812345678"


def test_revealing_is_audited_with_the_reason_but_not_the_value() -> None:
    patron = a_reader()
    services.reveal(patron, what="id_number", reason="公安协查", at=NOW, by=admin())
    entry = AuditEntry.objects.get(action="patron.reveal")
    assert (entry.detail, entry.object_id) == ({"field": "id_number", "reason": "公安协查"}, str(patron.pk))


def test_an_export_shows_masked_numbers_and_an_age() -> None:
    patron = a_reader()
    [row] = services.export([patron], include_personal=False, at=NOW, by=make_staff("circulation"))
    assert (row["id_number"], row["phone"], row["age"]) == (patron.id_number_masked, "138****5678", 35)


def test_an_export_has_no_birth_date() -> None:
    patron = a_reader()
    [row] = services.export([patron], include_personal=False, at=NOW, by=None)
    assert "1980-05-17" not in str(row) and "19800517" not in str(row)


def test_an_export_with_full_numbers_needs_the_permission() -> None:
    with pytest.raises(PatronRefused) as refused:
        services.export([a_reader()], include_personal=True, at=NOW, by=make_staff("circulation"))
    assert refused.value.reason == Reason.NOT_ALLOWED


def test_an_export_with_full_numbers_is_audited_as_such() -> None:
    patron = a_reader()
    [row] = services.export([patron], include_personal=True, at=NOW, by=admin())
    entry = AuditEntry.objects.get(action="patron.export")
    assert (row["id_number"], entry.detail) == (decrypt(patron.id_number_encrypted), {"rows": 1, "full_numbers": True})


def test_the_audit_log_of_a_registration_holds_no_number() -> None:
    patron = a_reader()
    number = decrypt(patron.id_number_encrypted)
    texts = [str(e.detail) + e.object_repr for e in AuditEntry.objects.all()]
    assert not [t for t in texts if number in t or "13812345678" in t]
