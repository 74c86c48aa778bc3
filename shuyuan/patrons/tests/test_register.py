"""Registering a reader: what the ID implies, the card, the event, the one-record-per-document rule."""

from datetime import date

import pytest

from shuyuan import numbering
from shuyuan.keys import decrypt
from shuyuan.patrons import iddocs, services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron, PatronCard, PatronCategory, RegistrationEvent
from shuyuan.testing.branches import NOW, make_branch, make_service_point
from shuyuan.testing.patrons import make_category, make_child_category, make_patron, resident_id

pytestmark = pytest.mark.django_db


def register(number: str, **fields: object) -> Patron:
    branch = make_branch()
    document = iddocs.parse(number, today=NOW.date()) if number else None
    fields.setdefault("name", "李四")
    return services.register(
        services.Application(document=document, **fields),  # type: ignore[arg-type]
        home_branch=branch,
        channel=Patron.Channel.DESK,
        service_point=make_service_point(branch),
        at=NOW,
        by=None,
    )


def test_sex_and_birth_date_come_from_the_id_number() -> None:
    make_category()
    patron = register(resident_id(date(1985, 3, 8), sequence=124))
    assert (patron.sex, patron.birth_date) == (Patron.Sex.FEMALE, date(1985, 3, 8))


def test_the_id_number_is_stored_encrypted_and_masked() -> None:
    make_category()
    number = resident_id(date(1985, 3, 8))
    patron = register(number)
    assert (decrypt(patron.id_number_encrypted), patron.id_number_masked) == (
        number,
        number[:4] + "*" * 12 + number[-2:],
    )


def test_a_new_reader_gets_the_next_library_card_number() -> None:
    make_category()
    first, second = register(resident_id()), register(resident_id())
    form = numbering.card_form()
    assert (first.card_number, second.card_number) == (form.format(1), form.format(2))


def test_the_card_number_is_also_a_card_that_resolves() -> None:
    make_category()
    patron = register(resident_id())
    assert PatronCard.objects.get(value=patron.card_number).patron == patron


def test_a_registration_writes_a_new_card_event_at_the_service_point() -> None:
    make_category()
    patron = register(resident_id())
    event = RegistrationEvent.objects.get(reader_token=patron.reader_token)
    assert (event.kind, event.channel, event.service_point) == (
        RegistrationEvent.Kind.NEW_CARD,
        Patron.Channel.DESK,
        patron.registration_service_point,
    )


def test_the_same_document_twice_is_refused_with_the_existing_record() -> None:
    make_category()
    number = resident_id()
    first = register(number)
    with pytest.raises(PatronRefused) as refused:
        register(number)
    assert (refused.value.reason, refused.value.patron) == (Reason.ALREADY_REGISTERED, first)


def test_the_legacy_15_digit_form_of_a_registered_number_is_the_same_person() -> None:
    make_category()
    number = resident_id(date(1960, 1, 1))
    register(number)
    with pytest.raises(PatronRefused) as refused:
        register(number[:6] + number[8:17])
    assert refused.value.reason == Reason.ALREADY_REGISTERED


def test_a_passport_needs_the_staff_check() -> None:
    make_category()
    passport = iddocs.parse("E12345678", doc_type=iddocs.DocType.PASSPORT)
    with pytest.raises(PatronRefused) as refused:
        services.register(
            services.Application(name="Anna", document=passport),
            home_branch=make_branch(),
            channel=Patron.Channel.DESK,
            at=NOW,
            by=None,
        )
    assert refused.value.reason == Reason.MANUAL_CHECK_REQUIRED


def test_a_passport_checked_by_staff_registers_with_the_sex_given() -> None:
    make_category()
    passport = iddocs.parse("E12345678", doc_type=iddocs.DocType.PASSPORT)
    patron = services.register(
        services.Application(name="Anna", document=passport, document_checked=True, sex="F"),
        home_branch=make_branch(),
        channel=Patron.Channel.DESK,
        at=NOW,
        by=None,
    )
    assert (patron.id_type, patron.sex, patron.birth_date) == ("passport", "F", None)


def test_an_expired_id_document_is_refused() -> None:
    make_category()
    with pytest.raises(PatronRefused) as refused:
        register(resident_id(), id_valid_until=date(2016, 2, 29))
    assert refused.value.reason == Reason.DOCUMENT_EXPIRED


def test_a_reader_without_a_document_is_refused() -> None:
    make_category()
    with pytest.raises(PatronRefused) as refused:
        register("")
    assert refused.value.reason == Reason.ID_DOCUMENT_REQUIRED


def test_a_group_borrower_registers_without_a_document_but_with_a_contact() -> None:
    group = make_category(PatronCategory.Kind.GROUP)
    patron = register("", name="南门中学", category=group, contact_name="王老师")
    assert (patron.id_type, patron.contact_name) == ("", "王老师")


def test_two_group_borrowers_without_documents_may_coexist() -> None:
    group = make_category(PatronCategory.Kind.GROUP)
    register("", name="南门中学", category=group, contact_name="王老师")
    assert register("", name="官山居委会", category=group, contact_name="刘主任").pk


def test_a_group_borrower_without_a_contact_is_refused() -> None:
    group = make_category(PatronCategory.Kind.GROUP)
    with pytest.raises(PatronRefused) as refused:
        register("", name="南门中学", category=group)
    assert refused.value.reason == Reason.CONTACT_REQUIRED


def test_a_child_gets_the_child_category_by_age() -> None:
    child = make_child_category(max_age=14)
    adult_guardian = make_patron("张大", birth=date(1980, 1, 1))
    patron = register(resident_id(date(2008, 1, 1)), guardian=adult_guardian, guardian_consent=True)
    assert patron.category == child


def test_an_adult_gets_the_adult_category_by_age() -> None:
    make_child_category(max_age=14)
    assert register(resident_id(date(1990, 1, 1))).category.kind == PatronCategory.Kind.ADULT


def test_a_trivial_pin_is_refused_at_registration() -> None:
    make_category()
    with pytest.raises(PatronRefused) as refused:
        register(resident_id(), pin="123456")
    assert refused.value.reason == Reason.PIN_TOO_SIMPLE


def test_a_pin_of_the_wrong_length_is_refused_at_registration() -> None:
    make_category()
    with pytest.raises(PatronRefused) as refused:
        register(resident_id(), pin="1234")
    assert refused.value.reason == Reason.PIN_FORMAT


def test_the_card_expires_after_the_configured_years() -> None:
    make_category()
    assert register(resident_id()).expires_on == date(2021, 3, 1)


def test_the_name_is_searchable_in_pinyin() -> None:
    make_category()
    patron = register(resident_id(), name="张晓明")
    assert (patron.name_pinyin, patron.name_initials) == ("zhangxiaoming", "zxm")


def test_a_pre_printed_card_number_already_in_use_is_refused() -> None:
    make_category()
    first = register(resident_id())
    with pytest.raises(PatronRefused) as refused:
        register(resident_id(), card_number=first.card_number)
    assert refused.value.reason == Reason.CARD_IN_USE
