"""01 → 25 and 19 → 17 over a live connection, with our kiosk and with the PyPI ``sip2`` client."""

import logging

import pytest
from django.utils import timezone

from shuyuan.patrons.models import PatronBlock
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import PASSWORD, kiosk, live_server
from shuyuan.sip2.tests.library import a_library
from shuyuan.sip2.tests.test_server_sip2_client import QuietSip2
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)
TAG = "RFID:E004015012345678;AFI=07"


def library_today():
    """The small library with its reader registered today (the live server answers at today's date)."""
    lib = a_library()
    lib.reader = make_patron("赵六", branch=lib.branch, at=timezone.now())
    return lib


def open_blocks(lib):
    return PatronBlock.objects.filter(patron=lib.reader, lifted_at__isnull=True).count()


@pytest.fixture
def pypi_client():
    """The PyPI client connected to a live server of a small library, logged in as its kiosk."""
    lib = library_today()
    with live_server() as server:
        sip = QuietSip2()
        sip.log = logging.getLogger("sip2-client")
        sip.hostName, sip.hostPort, sip.tlsEnable = "127.0.0.1", server.port, False
        sip.institutionId, sip.patron = "LLLIB", lib.card
        sip.connect()
        try:
            sip.get_response(sip.sip_login_request("kiosk1", PASSWORD))
            yield sip, lib
        finally:
            sip.disconnect()


def test_a_kiosk_blocks_a_card_and_enables_it_again():
    lib = library_today()
    with live_server() as server, kiosk(server) as client:
        client.login()
        blocked = client.exchange(m.BlockPatron(blocked_card_message="tamper", patron_id=lib.card))
        enabled = client.exchange(m.PatronEnableRequest(patron_id=lib.card))
    assert (blocked.patron_status.charge_privileges_denied, enabled.patron_status.charge_privileges_denied) == (
        True,
        False,
    )
    assert (enabled.valid_patron, enabled.screen_messages, open_blocks(lib)) == (
        True,
        ("您的读者证已恢复使用。",),
        0,
    )


def test_a_kiosk_stores_item_properties_and_reads_them_back():
    lib = a_library()
    barcode = lib.books[0].barcode
    with live_server() as server, kiosk(server) as client:
        client.login()
        updated = client.exchange(m.ItemStatusUpdateRequest(item_id=barcode, item_properties=TAG))
        information = client.exchange(m.ItemInformationRequest(item_id=barcode))
    assert (updated.item_properties_ok, updated.item_properties, information.item_properties) == (True, TAG, TAG)


def test_the_status_now_offers_every_message_of_sip2_2_00():
    a_library()
    with live_server() as server, kiosk(server) as client:
        client.login()
        assert client.exchange(m.ScStatus()).supported_messages == "Y" * 16


def test_the_pypi_client_enables_a_card_a_kiosk_blocked(pypi_client):
    sip, lib = pypi_client
    sip.get_response(sip.sip_block_patron_request("tamper"))
    answer = sip.sip_patron_enable_response(sip.get_response(sip.sip_patron_enable_request()))
    assert (answer["fixed"]["PatronStatus"], answer["variable"]["BL"], answer["variable"]["AF"]) == (
        " " * 14,
        ["Y"],
        ["您的读者证已恢复使用。"],
    )
    assert open_blocks(lib) == 0


def test_the_pypi_client_updates_item_properties_and_reads_them_in_item_information(pypi_client):
    sip, lib = pypi_client
    barcode = lib.books[0].barcode
    update = sip.sip_item_status_update_response(sip.get_response(sip.sip_item_status_update_request(barcode, TAG)))
    information = sip.sip_item_information_response(sip.get_response(sip.sip_item_information_request(barcode)))
    assert (update["fixed"]["ItemPropertiesOk"], update["variable"]["CH"]) == ("1", [TAG])
    assert (information["fixed"]["CirculationStatus"], information["variable"]["CH"]) == ("03", [TAG])
