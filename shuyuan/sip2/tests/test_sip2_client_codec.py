"""Interoperability with an independent implementation: the PyPI ``sip2`` client (module ``Sip2``).

Its request builders and response parsers are plain functions of strings, so the codec is checked
against them here without a network; the live-server version is in test_server_sip2_client.py.
"""

import logging
from datetime import datetime
from decimal import Decimal

import pytest

from shuyuan.sip2 import messages as m

Sip2 = pytest.importorskip("Sip2.sip2").Sip2
T = datetime(2016, 4, 19, 12, 20, 8)


class QuietSip2(Sip2):
    """The client as published, minus the print in its destructor."""

    def __del__(self) -> None:
        pass


@pytest.fixture
def client():
    sip = QuietSip2()
    sip.log = logging.getLogger("sip2-client")
    sip.institutionId, sip.terminalPassword, sip.scLocation = "HN01", "tp", "一楼"
    sip.patron, sip.patronpwd = "P1", "1234"
    return sip


def received(request: str) -> m.Parsed:
    return m.parse_message(request.encode("utf-8"))


def test_the_clients_login_is_read_with_its_sequence_number_and_checksum(client):
    parsed = received(client.sip_login_request("kiosk", "pw"))
    assert parsed.message == m.LoginRequest(login_user_id="kiosk", login_password="pw", location_code="一楼")
    assert (parsed.sequence, parsed.has_checksum) == (0, True)


def test_the_clients_status_request_is_read(client):
    assert received(client.sip_sc_status_request()).message == m.ScStatus(max_print_width=80)


def test_the_clients_patron_status_request_is_read(client):
    message = received(client.sip_patron_status_request()).message
    assert (message.patron_id, message.patron_password, message.terminal_password) == ("P1", "1234", "tp")


def test_the_clients_patron_information_request_asks_for_charged_items_one_to_five(client):
    message = received(client.sip_patron_information_request("charged")).message
    assert (message.summary_list, message.start_item, message.end_item) == ("AU", 1, 5)


def test_the_clients_checkout_is_read_with_a_blank_due_date(client):
    message = received(client.sip_checkout_request("B1")).message
    assert (message.item_id, message.patron_id, message.nb_due_date, message.cancel) == (
        "B1",
        "P1",
        None,
        False,
    )


def test_the_clients_checkin_is_read_with_its_location(client):
    message = received(client.sip_checkin_request("B1")).message
    assert (message.item_id, message.current_location, message.return_date is not None) == (
        "B1",
        "一楼",
        True,
    )


def test_the_clients_item_information_request_is_read(client):
    assert received(client.sip_item_information_request("B1")).message.item_id == "B1"


def test_the_clients_renew_is_read(client):
    message = received(client.sip_renew_request("B1")).message
    assert (message.item_id, message.patron_password) == ("B1", "1234")


def test_the_clients_renew_all_without_a_transaction_date_is_read(client):
    message = received(client.sip_renew_all_request()).message
    assert (message.transaction_date, message.patron_id) == (None, "P1")


def test_the_clients_hold_is_read(client):
    message = received(client.sip_hold_request("+", holdType=2, itemIdentifier="B1")).message
    assert (message.hold_mode, message.hold_type, message.item_id) == ("+", "2", "B1")


def test_the_clients_end_session_is_read(client):
    assert received(client.sip_end_patron_session_request()).message.patron_id == "P1"


def test_the_clients_fee_paid_is_read(client):
    message = received(client.sip_fee_paid_request(4, 0, "1.00", currencyType="CNY")).message
    assert (message.fee_type, message.payment_type, message.fee_amount) == ("04", "00", Decimal("1.00"))


def test_the_clients_item_status_update_is_read(client):
    assert received(client.sip_item_status_update_request("B1", "tag")).message.item_properties == "tag"


def test_the_clients_patron_enable_is_read(client):
    assert received(client.sip_patron_enable_request()).message.patron_id == "P1"


def test_the_clients_block_patron_is_read(client):
    assert received(client.sip_block_patron_request("blocked")).message.blocked_card_message == "blocked"


def test_the_clients_resend_request_is_read(client):
    assert received(client.sip_sc_resend_request()).message == m.RequestAcsResend()


def sent(message: m.Message) -> str:
    return m.format_message(message, sequence=3, with_checksum=True).decode("utf-8")


def test_the_client_reads_our_login_response(client):
    assert client.sip_login_response(sent(m.LoginResponse(ok=True)))["fixed"]["Ok"] == "1"


def test_the_client_reads_our_status_response(client):
    reply = sent(
        m.AcsStatus(
            timeout_period=30,
            retries_allowed=3,
            date_time_sync=T,
            institution_id="HN01",
            supported_messages="Y" * 16,
        )
    )
    parsed = client.sip_sc_status_response(reply)
    assert (parsed["fixed"]["OnlineStatus"], parsed["fixed"]["TimeoutPeriod"]) == ("Y", "030")
    assert (parsed["fixed"]["ProtocolVersion"], parsed["variable"]["BX"]) == ("2.00", ["Y" * 16])


def test_the_client_reads_our_patron_information_response(client):
    reply = sent(
        m.PatronInformationResponse(
            transaction_date=T,
            charged_items_count=2,
            institution_id="HN01",
            patron_id="P1",
            personal_name="张三",
            valid_patron=True,
            charged_items=("B1", "B2"),
        )
    )
    parsed = client.sip_patron_information_response(reply)
    assert (parsed["fixed"]["ChargedItemsCount"], parsed["variable"]["AU"]) == ("0002", ["B1", "B2"])
    assert (parsed["variable"]["AE"], parsed["variable"]["BL"]) == (["张三"], ["Y"])


def test_the_client_reads_our_patron_status_response(client):
    reply = sent(
        m.PatronStatusResponse(
            patron_status=m.PatronStatus(charge_privileges_denied=True),
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            valid_patron=False,
        )
    )
    parsed = client.sip_patron_status_response(reply)
    assert (parsed["fixed"]["PatronStatus"], parsed["variable"]["BL"]) == ("Y" + " " * 13, ["N"])


def test_the_client_reads_our_checkout_response(client):
    reply = sent(
        m.CheckoutResponse(
            ok=True,
            magnetic_media=False,
            desensitize=True,
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            item_id="B1",
            title_id="红楼梦",
            due_date="20160519    235959",
        )
    )
    parsed = client.sip_checkout_response(reply)
    assert (parsed["fixed"]["Ok"], parsed["fixed"]["Desensitize"]) == ("1", "Y")
    assert (parsed["variable"]["AJ"], parsed["variable"]["AH"]) == (["红楼梦"], ["20160519    235959"])


def test_the_client_reads_our_checkin_response(client):
    reply = sent(
        m.CheckinResponse(
            ok=True,
            resensitize=True,
            alert=True,
            transaction_date=T,
            institution_id="HN01",
            item_id="B1",
            permanent_location="总馆",
            sort_bin="2",
        )
    )
    parsed = client.sip_checkin_response(reply)
    assert (parsed["fixed"]["Alert"], parsed["variable"]["CL"]) == ("Y", ["2"])


def test_the_client_reads_our_item_information_response(client):
    reply = sent(
        m.ItemInformationResponse(circulation_status="03", transaction_date=T, item_id="B1", title_id="红楼梦")
    )
    parsed = client.sip_item_information_response(reply)
    assert (parsed["fixed"]["CirculationStatus"], parsed["fixed"]["TransactionDate"]) == (
        "03",
        "20160419    122008",
    )


def test_the_client_reads_our_renew_all_response(client):
    reply = sent(
        m.RenewAllResponse(ok=True, renewed_count=1, transaction_date=T, institution_id="HN01", renewed_items=("B1",))
    )
    parsed = client.sip_renew_all_response(reply)
    assert (parsed["fixed"]["RenewedItems"], parsed["variable"]["BM"]) == ("0001", ["B1"])


def test_the_client_reads_our_end_session_response(client):
    reply = sent(m.EndSessionResponse(transaction_date=T, institution_id="HN01", patron_id="P1"))
    assert client.sip_end_patron_session_response(reply)["fixed"]["EndSession"] == "Y"


def test_the_client_reads_our_fee_paid_response(client):
    reply = sent(
        m.FeePaidResponse(
            payment_accepted=False,
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            screen_messages=("不收取费用",),
        )
    )
    parsed = client.sip_fee_paid_response(reply)
    assert (parsed["fixed"]["PaymentAccepted"], parsed["variable"]["AF"]) == ("N", ["不收取费用"])
