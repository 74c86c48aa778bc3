"""93 login binds a connection to a SIP2 kiosk device; nothing but 99 is served before it."""

import pytest

from shuyuan.devices.models import Device
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import PASSWORD, kiosk, live_server, make_kiosk
from shuyuan.testing.devices import make_device

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_kiosk_logs_in_with_its_device_credentials():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        assert client.login() is True


def test_a_wrong_password_gets_940_and_the_connection_stays_usable():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        assert client.login(password="wrong") is False
        assert client.login() is True


def test_an_unknown_login_name_gets_940():
    with live_server() as server, kiosk(server) as client:
        assert client.login(username="nobody") is False


def test_a_disabled_kiosk_cannot_log_in():
    make_kiosk(is_enabled=False)
    with live_server() as server, kiosk(server) as client:
        assert client.login() is False


def test_a_registration_kiosk_account_cannot_log_in_over_sip2():
    make_device(Device.Kind.REGISTRATION_KIOSK, username="reg1", password=PASSWORD)
    with live_server() as server, kiosk(server) as client:
        assert client.login(username="reg1") is False


def test_the_connection_is_closed_after_too_many_failed_logins():
    with live_server(max_failed_logins=3) as server, kiosk(server) as client:
        for _ in range(3):
            assert client.login(password="guess") is False
        assert client.is_closed_by_server()


def test_a_failed_login_unbinds_a_connection_that_was_logged_in():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        client.login(password="wrong")
        assert client.exchange(m.ScStatus()).online_status is False


def test_a_request_before_login_closes_the_connection():
    with live_server() as server, kiosk(server) as client:
        client.send(m.ItemInformationRequest(item_id="B1"))
        assert client.is_closed_by_server()


def test_a_status_request_before_login_is_answered_off_line():
    with live_server() as server, kiosk(server) as client:
        status = client.exchange(m.ScStatus())
    assert (status.online_status, status.checkout_ok, status.screen_messages) == (
        False,
        False,
        ("The kiosk is not logged in.",),
    )


def test_a_status_request_before_login_is_answered_in_ascii_only():
    make_kiosk(character_set=Device.CharacterSet.GB18030)
    with live_server() as server, kiosk(server, encoding="gb18030") as client:
        answer = client.exchange_raw(m.format_message(m.ScStatus(), sequence=1, with_checksum=True))
    assert answer.isascii()


def test_a_status_request_after_a_failed_login_is_answered_in_ascii_only():
    make_kiosk(character_set=Device.CharacterSet.GB18030)
    with live_server() as server, kiosk(server, encoding="gb18030") as client:
        client.login(password="wrong")
        answer = client.exchange_raw(m.format_message(m.ScStatus()))
    assert answer.isascii()


def test_a_kiosk_may_log_in_with_a_gb18030_location_code():
    make_kiosk(character_set=Device.CharacterSet.GB18030)
    with live_server() as server, kiosk(server, encoding="gb18030") as client:
        answer = client.exchange(m.LoginRequest(login_user_id="kiosk1", login_password=PASSWORD, location_code="一楼"))
        assert answer.ok is True


def test_the_login_answer_carries_the_kiosks_sequence_number_and_a_checksum():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.sequence = 7
        answer = client.exchange_raw(
            m.format_message(
                m.LoginRequest(login_user_id="kiosk1", login_password=PASSWORD), sequence=7, with_checksum=True
            )
        )
    assert answer == b"941AY7AZFDF6\r"


def test_a_login_without_error_detection_is_answered_without_it():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        answer = client.exchange_raw(b"9300CNkiosk1|CO" + PASSWORD.encode() + b"|\r")
    assert answer == b"941\r"


def test_a_kiosk_disabled_by_staff_is_turned_away_at_its_next_message():
    from shuyuan.devices import services
    from shuyuan.testing.branches import NOW

    device = make_kiosk()
    with live_server(reverify_interval=0) as server, kiosk(server) as client:
        client.login()
        services.set_enabled(device, False, at=NOW, by=None)
        client.send(m.EndPatronSessionRequest(patron_id="P1"))
        assert client.is_closed_by_server()


def test_patron_enable_and_item_status_update_of_unknowns_get_a_well_formed_no():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        enable = client.exchange(m.PatronEnableRequest(patron_id="P1"))
        update = client.exchange(m.ItemStatusUpdateRequest(item_id="B1", item_properties="tag"))
    assert (enable.valid_patron, enable.patron_status.charge_privileges_denied, enable.screen_messages) == (
        False,
        True,
        ("没有读者使用此证号或证件号码。",),
    )
    assert (update.item_properties_ok, update.item_id) == (False, "B1")
