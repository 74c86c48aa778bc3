from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shuyuan.patrons import ecard
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.queries import resolve

from .conftest import Library


def test_a_fresh_value_names_the_reader(library: Library) -> None:
    now = timezone.now()
    assert ecard.verify(ecard.value(library.reader, at=now), at=now + timedelta(seconds=90)) == library.reader


def test_a_value_expires_after_a_few_minutes(library: Library) -> None:
    now = timezone.now()
    with pytest.raises(PatronRefused) as refused:
        ecard.verify(ecard.value(library.reader, at=now), at=now + timedelta(minutes=4))
    assert refused.value.reason == Reason.ECARD_EXPIRED and "过期" in refused.value.message


def test_a_forged_value_is_refused(library: Library) -> None:
    now = timezone.now()
    genuine = ecard.value(library.reader, at=now)
    forged = genuine.replace(library.reader.card_number, library.other.card_number)
    with pytest.raises(PatronRefused) as refused:
        ecard.verify(forged, at=now)
    assert refused.value.reason == Reason.ECARD_FORGED


def test_the_desk_look_up_accepts_the_value(library: Library) -> None:
    assert resolve(ecard.value(library.reader, at=timezone.now())) == library.reader


def test_verifying_writes_nothing(library: Library, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    value = ecard.value(library.reader, at=timezone.now())
    with django_assert_max_num_queries(1):
        ecard.verify(value, at=timezone.now())


def test_the_ecard_page_shows_a_qr_code_in_svg(reader_client: Client, library: Library) -> None:
    page = reader_client.get("/account/ecard/").content.decode()
    assert "<svg" in page and ecard.PREFIX in page
