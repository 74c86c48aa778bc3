"""99 → 98: a well-formed ACS status that advertises the timeout the server enforces."""

import re

import pytest

from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import kiosk, live_server, make_kiosk
from shuyuan.testing.branches import make_branch, make_service_point

pytestmark = pytest.mark.django_db(transaction=True)


def status_after_login(**server_options):
    with live_server(**server_options) as server, kiosk(server) as client:
        client.login()
        return client.exchange_raw(m.format_message(m.ScStatus(), sequence=3, with_checksum=True))


def test_the_status_advertises_the_servers_request_timeout_in_tenths_of_a_second():
    make_kiosk()
    answer = m.parse_message(status_after_login(request_timeout=2.5)).message
    assert answer.timeout_period == 25


def test_the_status_is_well_formed_for_strict_kiosks():
    make_kiosk()
    answer = status_after_login().decode()
    assert re.fullmatch(r"98[YN]{6}\d{3}\d{3}\d{8} {4}\d{6}2\.00AO[^|]*\|.*BX[YN]{16}\|.*AY3AZ[0-9A-F]{4}\r", answer)


def test_the_status_names_the_institution_branch_and_kiosk_location():
    branch = make_branch(name="醴陵市图书馆总馆")
    make_kiosk(institution_id="LL01", branch=branch, service_point=make_service_point(branch, name="一楼自助区"))
    answer = m.parse_message(status_after_login()).message
    assert (answer.institution_id, answer.library_name, answer.terminal_location) == (
        "LL01",
        "醴陵市图书馆总馆",
        "一楼自助区",
    )


def test_the_institution_id_defaults_to_the_branch_code():
    make_kiosk(institution_id="", branch=make_branch(code="LL02"))
    assert m.parse_message(status_after_login()).message.institution_id == "LL02"


def test_a_logged_in_kiosk_is_told_the_system_is_on_line():
    make_kiosk()
    assert m.parse_message(status_after_login()).message.online_status is True


def test_a_heartbeat_status_can_be_sent_again_and_again():
    make_kiosk()
    with live_server() as server, kiosk(server) as client:
        client.login()
        answers = [client.exchange(m.ScStatus()).online_status for _ in range(5)]
    assert answers == [True] * 5
