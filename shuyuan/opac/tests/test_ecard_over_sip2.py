"""A kiosk reads the e-card's value in place of a card (63 → 64)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuyuan.patrons import ecard
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import a_library
from shuyuan.testing.branches import NOW

pytestmark = pytest.mark.django_db


def information(lib, value: str):  # type: ignore[no-untyped-def]
    return m.PatronInformationRequest(
        language="019", transaction_date=NOW.replace(tzinfo=None), summary=" " * 10, institution_id="LLLIB",
        patron_id=value,
    )  # fmt: skip


def test_a_kiosk_accepts_a_fresh_ecard_value():
    lib = a_library()
    answer = lib.answer(information(lib, ecard.value(lib.reader, at=timezone.now())))
    assert answer.valid_patron is True


def test_a_kiosk_refuses_an_expired_ecard_value_in_chinese():
    lib = a_library()
    answer = lib.answer(information(lib, ecard.value(lib.reader, at=timezone.now() - timedelta(minutes=10))))
    assert answer.valid_patron is False
    assert any("过期" in text for text in answer.screen_messages)


def test_a_kiosk_refuses_a_forged_ecard_value_in_chinese():
    lib = a_library()
    answer = lib.answer(information(lib, "SYE" + lib.card + ".1.AAAAAAAAAAAAAAAA"))
    assert answer.valid_patron is False
    assert any("电子读者证" in text for text in answer.screen_messages)
