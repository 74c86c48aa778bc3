"""The kiosk is answered in the language it asks for in 23 and 63 when Shuyuan speaks it (Chinese
019, English 001), with its screen messages in that language; in Chinese otherwise."""

import pytest

from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import kiosk, live_server, make_kiosk
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def card():
    make_kiosk()
    return make_patron("张三丰").card_number


@pytest.fixture
def client(card):
    with live_server() as server, kiosk(server) as connected:
        connected.login()
        yield connected


def status(card: str, language: str) -> m.PatronStatusRequest:
    return m.PatronStatusRequest(language=language, institution_id="LL01", patron_id=card)


def test_a_patron_status_asked_in_english_is_answered_in_english(client, card):
    answer = client.exchange(status(card, "001"))
    assert (answer.language, answer.screen_messages[0]) == ("001", "Hello, 张**.")


def test_patron_information_asked_in_english_is_answered_in_english(client, card):
    answer = client.exchange(m.PatronInformationRequest(language="001", institution_id="LL01", patron_id=card))
    assert (answer.language, answer.screen_messages[0]) == ("001", "Hello, 张**.")


def test_a_patron_status_asked_in_chinese_is_answered_in_chinese(client, card):
    answer = client.exchange(status(card, "019"))
    assert (answer.language, answer.screen_messages[0]) == ("019", "张**，您好。")


def test_a_language_shuyuan_does_not_speak_is_answered_in_chinese(client, card):
    answer = client.exchange(status(card, "000"))
    assert (answer.language, answer.screen_messages[0]) == ("019", "张**，您好。")


def test_the_requests_after_an_english_patron_status_are_answered_in_english(client, card):
    client.exchange(status(card, "001"))
    answer = client.exchange(m.EndPatronSessionRequest(institution_id="LL01", patron_id=card))
    assert answer.screen_messages == ("Thank you. Goodbye.",)


def test_a_refusal_after_an_english_patron_status_is_in_english(client, card):
    client.exchange(status(card, "001"))
    answer = client.exchange(m.CheckoutRequest(institution_id="LL01", patron_id=card, item_id="NO-SUCH-BOOK"))
    assert (answer.ok, answer.screen_messages[0].isascii()) == (False, True)
