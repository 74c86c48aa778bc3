"""Erasing a reader (PIPL, 个人信息删除): the person goes, anonymous statistics stay."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from shuyuan.audit.models import AuditEntry
from shuyuan.catalog.models import Item
from shuyuan.circulation import services as circulation
from shuyuan.circulation.models import Channel, CirculationEvent, CirculationPolicy, Fee, Hold, Loan
from shuyuan.devices.models import Device
from shuyuan.keys import decrypt
from shuyuan.lifecycle import services as lifecycle
from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.iddocs import parse
from shuyuan.patrons.masking import mask_card
from shuyuan.patrons.models import DepositRefund, Patron, PatronCard, RegistrationEvent
from shuyuan.patrons.privacy import database_files, read_elsewhere
from shuyuan.sip2.models import OfflineConflict
from shuyuan.testing.branches import NOW, make_branch, make_staff
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import give_back, lend, make_desk
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category, make_patron, resident_id

pytestmark = pytest.mark.django_db

LATER = NOW + timedelta(days=10)


def traces(patron: Patron) -> dict[str, str]:
    """Everything that would identify the reader, by what it is."""
    found = {
        "name": patron.name,
        "card": patron.card_number,
        "id hash": patron.id_number_hash,
        "id last six hash": patron.id_last6_hash,
        "phone hash": patron.phone_hash,
        "id ciphertext": patron.id_number_encrypted,
        "phone ciphertext": patron.phone_encrypted,
        "PIN hash": patron.pin_hash,
        "id number": decrypt(patron.id_number_encrypted) if patron.id_number_encrypted else "",
        "phone": decrypt(patron.phone_encrypted) if patron.phone_encrypted else "",
    }
    found |= {f"card {value}": value for value in patron.cards.values_list("value", flat=True)}
    return {what: value for what, value in found.items() if value}


def tables_holding(wanted: dict[str, str]) -> list[str]:
    """Every table of the database with a row that holds any of the values, whatever its column."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(v).decode(errors="replace") if isinstance(v, bytes | memoryview) else str(v) for v in row
                )
                hits.extend(f"{table}: {what}" for what, value in wanted.items() if value in text)
    return sorted(set(hits))


def reader(name: str = "欧阳测删", **application) -> Patron:
    return make_patron(name, phone="13912345678", pin="280461", **application)


def erase(patron: Patron, reason: str = "读者书面申请注销") -> None:
    lifecycle.erase_patron(patron, at=LATER, by=None, reason=reason)


def refusal(patron: Patron) -> Reason:
    with pytest.raises(PatronRefused) as refused:
        erase(patron)
    return refused.value.reason


def borrow_and_return(patron: Patron) -> Item:
    book = make_item(branch=patron.home_branch)
    desk = make_desk(patron.home_branch)
    lend(book, patron, at=NOW, service_point=desk)
    give_back(book, at=NOW + timedelta(days=3), service_point=desk)
    return book


def test_erasure_is_refused_while_the_reader_has_a_book_on_loan() -> None:
    patron = reader()
    lend(make_item(branch=patron.home_branch), patron, at=NOW)
    assert refusal(patron) == Reason.HAS_OPEN_LOANS


def test_erasure_is_refused_while_the_reader_has_an_unpaid_fee() -> None:
    patron = reader()
    CirculationPolicy.objects.create(library=patron.home_branch.library, charges_fees=True)
    book = make_item(branch=patron.home_branch)
    lend(book, patron, at=NOW)
    give_back(book, at=NOW + timedelta(days=45))
    assert (Fee.objects.get().status, refusal(patron)) == (Fee.Status.OPEN, Reason.OWES_FEES)


def test_erasure_is_refused_while_a_lost_book_is_not_compensated() -> None:
    patron = reader()
    loan = lend(make_item(branch=patron.home_branch, price="30.00"), patron, at=NOW)
    circulation.mark_lost(loan, at=NOW, by=None, channel=Channel.DESK)
    assert refusal(patron) == Reason.OWES_COMPENSATION


def test_erasure_is_refused_while_the_library_holds_the_readers_old_deposit() -> None:
    assert refusal(reader(legacy_deposit=Decimal("50"))) == Reason.DEPOSIT_HELD


def test_erasure_is_refused_for_the_guardian_of_a_child_reader() -> None:
    guardian = reader()
    make_patron("欧阳小", birth=date(2010, 1, 1), guardian=guardian, guardian_consent=True)
    assert refusal(guardian) == Reason.GUARDIAN_OF_CHILD


def test_erasure_is_refused_while_an_off_line_kiosk_checkout_with_the_reader_is_unsettled() -> None:
    patron = reader()
    kiosk, _key = make_device(Device.Kind.SIP2_KIOSK, patron.home_branch)
    OfflineConflict.objects.create(
        device=kiosk, command="11", happened_at=NOW, received_at=NOW, item_barcode="T1", patron=patron,
        reason="patron_blocked", message="",
    )  # fmt: skip
    assert refusal(patron) == Reason.OFFLINE_CONFLICT


def test_erasure_needs_a_reason() -> None:
    with pytest.raises(PatronRefused) as refused:
        lifecycle.erase_patron(reader(), at=LATER, by=None, reason="  ")
    assert refused.value.reason == Reason.ERASURE_REASON_REQUIRED


def test_a_refused_erasure_deletes_nothing() -> None:
    patron = reader()
    lend(make_item(branch=patron.home_branch), patron, at=NOW)
    refusal(patron)
    assert Patron.objects.filter(pk=patron.pk).exists()


def test_after_erasure_no_table_holds_the_readers_name_hashes_or_card_number() -> None:
    patron = reader()
    borrow_and_return(patron)
    services.block(patron, reason="损坏图书", at=NOW, by=None)
    services.report_lost(patron.cards.get(), replace=True, at=NOW, by=None)
    patron.refresh_from_db()
    wanted = traces(patron)
    erase(patron)
    assert (len(wanted), tables_holding(wanted)) == (12, [])


def test_after_erasure_the_deposit_register_keeps_the_amount_without_name_or_card() -> None:
    patron = reader(legacy_deposit=Decimal("100"))
    services.refund_deposit(patron, amount=Decimal("100"), receipt_number="T-9", branch=make_branch(), at=NOW, by=None)
    wanted = traces(patron)
    erase(patron)
    refund = DepositRefund.objects.get()
    assert (refund.amount, refund.receipt_number, tables_holding(wanted)) == (Decimal("100"), "T-9", [])


def test_erasure_leaves_the_circulation_events_as_they_were() -> None:
    patron = reader()
    borrow_and_return(patron)
    before = list(CirculationEvent.objects.order_by("pk").values_list("kind", "reader_token", "age_band"))
    erase(patron)
    after = list(CirculationEvent.objects.order_by("pk").values_list("kind", "reader_token", "age_band"))
    assert (len(after), after) == (2, before)


def test_erasure_leaves_the_readers_returned_loans_without_a_reader() -> None:
    patron = reader()
    borrow_and_return(patron)
    erase(patron)
    assert list(Loan.objects.values_list("status", "patron")) == [(Loan.Status.RETURNED, None)]


def test_erasure_leaves_the_registration_events_to_count_new_cards() -> None:
    patron = reader()
    erase(patron)
    assert list(RegistrationEvent.objects.values_list("kind", "reader_token")) == [
        (RegistrationEvent.Kind.NEW_CARD, patron.reader_token)
    ]


def test_erasure_cancels_the_readers_holds() -> None:
    patron = reader()
    book = make_item(branch=patron.home_branch)
    lend(book, make_patron("王五"), at=NOW)
    circulation.place_hold(book.record, patron, pickup_branch=patron.home_branch, at=NOW, by=None, channel="opac")
    erase(patron)
    assert list(Hold.objects.values_list("status", "patron")) == [(Hold.Status.CANCELLED, None)]


def test_a_copy_on_the_hold_shelf_for_an_erased_reader_goes_to_the_next_reader() -> None:
    patron, next_reader = reader(), make_patron("王五")
    book = make_item(branch=patron.home_branch)
    lend(book, make_patron("赵六"), at=NOW)
    for who in (patron, next_reader):
        circulation.place_hold(book.record, who, pickup_branch=patron.home_branch, at=NOW, by=None, channel="opac")
    give_back(book, at=NOW)
    erase(patron)
    assert Hold.objects.get(patron=next_reader).status == Hold.Status.READY


def test_erasure_writes_an_audit_entry_without_personal_data() -> None:
    patron = reader()
    staff = make_staff("director")
    lifecycle.erase_patron(patron, at=LATER, by=staff, reason="读者书面申请注销")
    entry = AuditEntry.objects.get(action="patron.erase")
    expected = {
        "reader_token": patron.reader_token,
        "card": mask_card(patron.card_number),
        "reason": "读者书面申请注销",
    }
    assert (entry.actor, {k: entry.detail[k] for k in expected}, entry.object_repr) == (
        staff,
        expected,
        f"#{patron.pk}",
    )


def test_a_name_or_number_typed_into_the_reason_is_masked_in_the_audit_log() -> None:
    patron = reader()
    erase(patron, reason=f"欧阳测删（{patron.card_number}，13912345678）申请注销")
    assert (
        AuditEntry.objects.get(action="patron.erase").detail["reason"]
        == f"欧***（{mask_card(patron.card_number)}，139****5678）申请注销"
    )


def test_erasing_a_merged_record_erases_the_person_with_all_their_records() -> None:
    keep = reader()
    old = make_patron(
        "欧阳测删",
        id_number=None,
        category=make_category("group"),
        contact_name="欧阳",
        card_number="A7",
        is_legacy_card=True,
    )
    lifecycle.merge(keep, old, at=NOW, by=None)
    erase(Patron.objects.get(pk=old.pk))
    assert (Patron.objects.filter(pk__in=[keep.pk, old.pk]).count(), PatronCard.objects.count()) == (0, 0)


def test_a_grown_up_ward_keeps_the_record_without_the_erased_guardians_details() -> None:
    guardian = reader(id_number=resident_id(date(1970, 1, 1)))
    number = decrypt(guardian.id_number_encrypted)
    ward = make_patron(
        "欧阳大",
        birth=date(2005, 1, 1),
        guardian_document=parse(number),
        guardian_name="欧阳测删",
        guardian_consent=True,
    )
    wanted = traces(guardian)
    lifecycle.erase_patron(guardian, at=NOW + timedelta(days=365 * 12), by=None, reason="申请注销")
    ward.refresh_from_db()
    assert (ward.guardian_consent_at is not None, tables_holding(wanted)) == (True, [])


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_erased_name_is_overwritten_in_the_database_file_too() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("free space in the database file is SQLite's")
    patron = reader()
    borrow_and_return(patron)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete = 0")  # as SQLite builds without SECURE_DELETE behave
        erase(patron)
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    content = b"".join(read_elsewhere(path) for path in database_files())
    assert (patron.name.encode() in content, patron.card_number.encode() in content) == (False, False)


def erase_page(client: Client, patron: Patron, card: str) -> object:
    return client.post(f"/patrons/{patron.pk}/erase/", {"reason": "读者书面申请", "card_number": card})


def logged_in(role: str) -> Client:
    client = Client()
    client.force_login(make_staff(role, make_branch()))
    return client


def test_the_erase_page_needs_the_permission_to_delete_readers() -> None:
    patron = reader()
    assert erase_page(logged_in("circulation"), patron, patron.card_number).status_code == 403  # type: ignore[attr-defined]


def test_the_erase_page_deletes_nothing_when_the_typed_card_number_is_wrong() -> None:
    patron = reader()
    erase_page(logged_in("director"), patron, "LL00000002")
    assert Patron.objects.filter(pk=patron.pk).exists()


def test_the_erase_page_deletes_the_reader_when_the_card_number_is_typed() -> None:
    patron = reader()
    response = erase_page(logged_in("director"), patron, patron.card_number.lower())
    assert (response.status_code, Patron.objects.filter(pk=patron.pk).exists()) == (302, False)  # type: ignore[attr-defined]


def test_the_erase_page_lists_what_must_be_settled_first() -> None:
    patron = reader()
    lend(make_item(branch=patron.home_branch), patron, at=NOW)
    page = logged_in("director").get(f"/patrons/{patron.pk}/erase/").content.decode()
    assert "该读者还有 1 册图书未还" in page


def test_the_command_erases_a_reader_by_card_number() -> None:
    patron = reader()
    call_command("erase_patron", patron.card_number, reason="读者书面申请", stdout=StringIO())
    assert not Patron.objects.filter(pk=patron.pk).exists()


def test_the_command_says_why_an_erasure_is_refused() -> None:
    patron = reader()
    lend(make_item(branch=patron.home_branch), patron, at=NOW)
    with pytest.raises(CommandError):
        call_command("erase_patron", patron.card_number, reason="读者书面申请")
