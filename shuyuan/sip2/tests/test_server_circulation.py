"""The state a kiosk sees over a live connection: checkout → item status 04 → checkin → 03."""

import pytest
from django.utils import timezone

from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import PASSWORD, kiosk, live_server
from shuyuan.sip2.tests.library import a_library
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_kiosk_lends_and_takes_back_a_book_and_sees_its_status_change():
    lib = a_library()
    reader = make_patron("赵六", branch=lib.branch, at=timezone.now())
    barcode = lib.books[0].barcode
    with live_server() as server, kiosk(server) as client:
        assert client.login() is True
        assert client.exchange(m.PatronInformationRequest(patron_id=reader.card_number)).valid_patron is True
        assert client.exchange(m.CheckoutRequest(patron_id=reader.card_number, item_id=barcode)).ok is True
        on_loan = client.exchange(m.ItemInformationRequest(item_id=barcode))
        assert (on_loan.circulation_status, bool(on_loan.due_date)) == ("04", True)
        assert client.exchange(m.CheckinRequest(item_id=barcode)).ok is True
        assert client.exchange(m.ItemInformationRequest(item_id=barcode)).circulation_status == "03"
        assert client.exchange(m.RenewRequest(patron_id=reader.card_number, item_id=barcode)).ok is False


def test_the_pypi_client_checks_out_and_returns_a_book():
    from shuyuan.sip2.tests.test_server_sip2_client import QuietSip2

    lib = a_library()
    reader = make_patron("赵六", branch=lib.branch, at=timezone.now())
    barcode = lib.books[0].barcode
    with live_server() as server:
        sip = QuietSip2()
        sip.log = __import__("logging").getLogger("sip2-client")
        sip.hostName, sip.hostPort, sip.tlsEnable = "127.0.0.1", server.port, False
        sip.institutionId, sip.patron = "LLLIB", reader.card_number
        sip.connect()
        try:
            sip.get_response(sip.sip_login_request("kiosk1", PASSWORD))
            out = sip.sip_checkout_response(sip.get_response(sip.sip_checkout_request(barcode)))
            back = sip.sip_checkin_response(sip.get_response(sip.sip_checkin_request(barcode)))
            info = sip.sip_patron_information_response(sip.get_response(sip.sip_patron_information_request("charged")))
        finally:
            sip.disconnect()
    assert (out["fixed"]["Ok"], out["variable"]["AJ"]) == ("1", ["红楼梦 第1卷"])
    assert (back["fixed"]["Ok"], info["fixed"]["ChargedItemsCount"]) == ("1", "0000")


def test_the_server_log_holds_no_card_number_name_or_pin(caplog):
    import logging

    from shuyuan.patrons import services as patron_services

    caplog.set_level(logging.DEBUG, logger="shuyuan.sip2")
    lib = a_library()
    reader = make_patron("赵六", branch=lib.branch, at=timezone.now())
    patron_services.reset_pin(reader, pin="246801", at=timezone.now(), by=None)
    with live_server() as server, kiosk(server) as client:
        client.login()
        client.exchange(m.PatronInformationRequest(patron_id=reader.card_number, patron_password="246801"))
        client.exchange(m.CheckoutRequest(patron_id=reader.card_number, item_id=lib.books[0].barcode))
        client.exchange_raw(f"11NN{'x' * 3}AA{reader.card_number}|AD246801|\r".encode())
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "event=message" in logged
    assert not any(secret in logged for secret in (reader.card_number, "赵六", "246801", PASSWORD))
