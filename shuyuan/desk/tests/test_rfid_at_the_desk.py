"""The desk takes an RFID tag linked at labelling wherever it takes a barcode (issue 15 item 6)."""

from django.utils import timezone

from shuyuan.circulation.models import Loan
from shuyuan.shelving.services import link_tag


def test_a_book_is_lent_by_the_rfid_tag_linked_to_it_when_it_was_labelled(send, reader, books):
    link_tag(books[0], "E2801160600002084A7B1C3D", at=timezone.now(), by=None)
    send(reader.card_number)
    send("E2801160600002084A7B1C3D")
    assert Loan.objects.get(status=Loan.Status.OPEN).item == books[0]
