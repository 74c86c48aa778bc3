"""CK (media type), the magnetic-media flag and 18's security marker come from the item type's settings."""

import pytest

from shuyuan.catalog.models import ItemType
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import D, a_library
from shuyuan.testing.branches import NOW

pytestmark = pytest.mark.django_db


def set_item_type(**fields: str) -> None:
    ItemType.objects.filter(code="BOOK").update(**fields)


def test_renaming_an_item_type_does_not_change_its_media_type():
    lib = a_library()
    set_item_type(name="视听资料")
    assert lib.answer(m.ItemInformationRequest(item_id=lib.books[0].barcode)).media_type == "001"


def test_the_media_type_set_on_the_item_type_is_sent():
    lib = a_library()
    set_item_type(media_type=ItemType.MediaType.BOUND_JOURNAL)
    assert lib.answer(m.ItemInformationRequest(item_id=lib.books[0].barcode)).media_type == "003"


def test_a_checkout_of_a_disc_says_magnetic_media():
    lib = a_library()
    set_item_type(media_type=ItemType.MediaType.CD)
    answer = lib.answer(m.CheckoutRequest(patron_id=lib.card, item_id=lib.books[0].barcode))
    assert (answer.ok, answer.magnetic_media, answer.media_type) == (True, True, "006")


def test_item_information_sends_the_security_marker_of_the_item_type():
    lib = a_library()
    set_item_type(security_marker=ItemType.SecurityMarker.TATTLE_TAPE)
    book = lib.books[0]
    answer = lib.handle(m.ItemInformationRequest(transaction_date=NOW.replace(tzinfo=None), item_id=book.barcode))
    assert answer.startswith(f"18030201{D}".encode())
