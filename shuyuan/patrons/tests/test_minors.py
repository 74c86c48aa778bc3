"""Children register with a guardian; under 14 the guardian consents (PIPL art. 31)."""

from datetime import date

import pytest

from shuyuan.keys import decrypt
from shuyuan.patrons import iddocs, services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.patrons import make_child_category, make_patron, resident_id

pytestmark = pytest.mark.django_db
CHILD_BORN = date(2008, 6, 1)


def register_child(**fields: object) -> Patron:
    make_child_category()
    document = iddocs.parse(resident_id(CHILD_BORN), today=NOW.date())
    return services.register(
        services.Application(name="张小明", document=document, **fields),  # type: ignore[arg-type]
        home_branch=make_branch(),
        channel=Patron.Channel.DESK,
        at=NOW,
        by=None,
    )


def refusal(**fields: object) -> Reason:
    with pytest.raises(PatronRefused) as refused:
        register_child(**fields)
    return refused.value.reason


def test_a_child_without_a_guardian_is_refused() -> None:
    assert refusal() == Reason.GUARDIAN_REQUIRED


def test_a_child_whose_guardian_did_not_consent_is_refused() -> None:
    assert refusal(guardian=make_patron("张大")) == Reason.GUARDIAN_CONSENT_REQUIRED


def test_a_child_registers_with_a_reader_as_guardian_who_consents() -> None:
    parent = make_patron("张大")
    child = register_child(guardian=parent, guardian_consent=True, guardian_relation="父亲")
    assert (child.guardian, child.guardian_consent_at) == (parent, NOW)


def test_a_child_registers_with_a_guardian_who_is_no_reader() -> None:
    mother = iddocs.parse(resident_id(date(1982, 2, 2), sequence=22), today=NOW.date())
    child = register_child(
        guardian_document=mother, guardian_name="王芳", guardian_phone="13812345678", guardian_consent=True
    )
    assert (child.guardian_name, decrypt(child.guardian_id_encrypted), child.guardian_phone_masked) == (
        "王芳",
        mother.number,
        "138****5678",
    )


def test_a_guardian_who_is_no_reader_needs_a_name() -> None:
    mother = iddocs.parse(resident_id(date(1982, 2, 2)), today=NOW.date())
    assert refusal(guardian_document=mother, guardian_consent=True) == Reason.GUARDIAN_REQUIRED


def test_a_minor_cannot_be_a_guardian() -> None:
    brother = iddocs.parse(resident_id(date(2001, 2, 2)), today=NOW.date())
    assert refusal(guardian_document=brother, guardian_name="张大哥", guardian_consent=True) == (
        Reason.GUARDIAN_NOT_ADULT
    )


def test_a_closed_reader_cannot_be_a_guardian() -> None:
    parent = make_patron("张大")
    Patron.objects.filter(pk=parent.pk).update(status=Patron.Status.CLOSED)
    parent.refresh_from_db()
    assert refusal(guardian=parent, guardian_consent=True) == Reason.GUARDIAN_NOT_ACTIVE


def test_a_fourteen_year_old_registers_without_a_guardian() -> None:
    make_child_category(max_age=16)
    document = iddocs.parse(resident_id(date(2002, 3, 1)), today=NOW.date())
    patron = services.register(
        services.Application(name="李青", document=document),
        home_branch=make_branch(),
        channel=Patron.Channel.DESK,
        at=NOW,
        by=None,
    )
    assert patron.guardian_consent_at is None
