"""19 → 20: a kiosk stores item properties (CH) for a copy; 18, 10, 12 and 30 hand them back."""

from datetime import timedelta

import pytest

from shuyuan.audit.models import AuditEntry
from shuyuan.circulation.errors import Reason
from shuyuan.sip2 import messages as m
from shuyuan.sip2.models import KioskItemProperties
from shuyuan.sip2.tests.library import D, a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import lend

pytestmark = pytest.mark.django_db
TAG = "RFID:E004015012345678;AFI=07"


def update(barcode, properties=TAG):
    return m.ItemStatusUpdateRequest(
        transaction_date=NOW.replace(tzinfo=None), institution_id="LLLIB", item_id=barcode, item_properties=properties
    )


def test_item_status_update_stores_the_properties_and_answers_20_with_them():
    lib = a_library()
    book = lib.books[0]
    assert (
        lib.handle(update(book.barcode))
        == f"201{D}AB{book.barcode}|AJ红楼梦 第1卷|CH{TAG}|AF单册属性已保存。|\r".encode()
    )
    assert KioskItemProperties.objects.get(item=book).properties == TAG


def test_the_kiosk_that_stored_the_properties_is_remembered_and_audited():
    lib = a_library()
    lib.handle(update(lib.books[0].barcode))
    stored = KioskItemProperties.objects.get()
    entry = AuditEntry.objects.get(action="sip2.item_properties")
    assert (stored.updated_by, stored.updated_at, entry.object_id) == (lib.kiosk.device, NOW, str(lib.books[0].pk))


def test_a_second_update_replaces_the_properties():
    lib = a_library()
    lib.handle(update(lib.books[0].barcode))
    lib.handle(update(lib.books[0].barcode, "RFID:E004015012345678;AFI=C2"))
    assert list(KioskItemProperties.objects.values_list("properties", flat=True)) == ["RFID:E004015012345678;AFI=C2"]


def test_an_unknown_barcode_gets_ok_0_with_the_reason_in_chinese():
    lib = a_library()
    assert lib.handle(update("NOSUCHBOOK")) == f"200{D}ABNOSUCHBOOK|AF{Reason.UNKNOWN_ITEM.label}|\r".encode()


def test_an_update_without_properties_changes_nothing_and_says_so():
    lib = a_library()
    lib.handle(update(lib.books[0].barcode))
    answer = lib.answer(update(lib.books[0].barcode, ""))
    assert (answer.item_properties_ok, answer.item_properties, answer.screen_messages) == (
        False,
        TAG,
        ("未收到单册属性，未作更改。",),
    )


def test_item_information_sends_the_stored_properties_back():
    lib = a_library()
    lib.handle(update(lib.books[0].barcode))
    assert lib.answer(m.ItemInformationRequest(item_id=lib.books[0].barcode)).item_properties == TAG


def test_item_information_sends_no_ch_for_an_item_without_properties():
    lib = a_library()
    assert b"CH" not in lib.handle(m.ItemInformationRequest(item_id=lib.books[0].barcode))


def test_a_checkin_sends_the_stored_properties_back():
    lib = a_library()
    lend(lib.books[0], lib.reader)
    lib.handle(update(lib.books[0].barcode))
    answer = lib.answer(m.CheckinRequest(institution_id="LLLIB", item_id=lib.books[0].barcode))
    assert (answer.ok, answer.item_properties) == (True, TAG)


def test_a_checkout_sends_the_stored_properties_back():
    lib = a_library()
    lib.handle(update(lib.books[0].barcode))
    answer = lib.answer(m.CheckoutRequest(institution_id="LLLIB", patron_id=lib.card, item_id=lib.books[0].barcode))
    assert (answer.ok, answer.item_properties) == (True, TAG)


def test_a_renewal_sends_the_stored_properties_back():
    lib = a_library()
    lend(lib.books[0], lib.reader)
    lib.handle(update(lib.books[0].barcode))
    answer = lib.answer(m.RenewRequest(patron_id=lib.card, item_id=lib.books[0].barcode), at=NOW + timedelta(days=20))
    assert (answer.ok, answer.item_properties) == (True, TAG)
