"""An independent client implementation, the PyPI ``sip2`` package, against a live server."""

import logging

import pytest

from shuyuan.sip2.tests.kiosk import PASSWORD, live_server, make_kiosk

pytestmark = pytest.mark.django_db(transaction=True)
Sip2 = pytest.importorskip("Sip2.sip2").Sip2


class QuietSip2(Sip2):
    """The client as published, minus the print in its destructor."""

    def __del__(self) -> None:
        pass


@pytest.fixture
def client():
    make_kiosk(institution_id="LL01")
    with live_server() as server:
        sip = QuietSip2()
        sip.log = logging.getLogger("sip2-client")
        sip.hostName, sip.hostPort, sip.tlsEnable = "127.0.0.1", server.port, False
        sip.institutionId, sip.patron = "LL01", "P1"
        sip.connect()
        try:
            yield sip
        finally:
            sip.disconnect()


def test_the_client_logs_in(client):
    answer = client.sip_login_response(client.get_response(client.sip_login_request("kiosk1", PASSWORD)))
    assert answer["fixed"]["Ok"] == "1"


def test_the_client_is_refused_with_a_wrong_password(client):
    answer = client.sip_login_response(client.get_response(client.sip_login_request("kiosk1", "wrong")))
    assert answer["fixed"]["Ok"] == "0"


def test_the_client_reads_the_status_after_login(client):
    client.get_response(client.sip_login_request("kiosk1", PASSWORD))
    status = client.sip_sc_status_response(client.get_response(client.sip_sc_status_request()))
    assert (status["fixed"]["OnlineStatus"], status["variable"]["AO"]) == ("Y", ["LL01"])


def test_the_client_ends_a_patron_session(client):
    client.get_response(client.sip_login_request("kiosk1", PASSWORD))
    answer = client.sip_end_patron_session_response(client.get_response(client.sip_end_patron_session_request()))
    assert (answer["fixed"]["EndSession"], answer["variable"]["AA"]) == ("Y", ["P1"])


def test_the_clients_answers_carry_its_sequence_numbers(client):
    client.get_response(client.sip_login_request("kiosk1", PASSWORD))
    answers = [client.get_response(client.sip_sc_status_request()) for _ in range(3)]
    assert [a.rsplit("AY", 1)[1][0] for a in answers] == ["1", "2", "3"]
