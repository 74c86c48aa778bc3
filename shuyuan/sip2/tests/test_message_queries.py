"""How many SQL statements a kiosk's everyday messages cost: the kiosk adds only the look-ups of
the card and the item to what the desk's own services do (on PostgreSQL the item's look-up is its
lock). Each process reads circulation's configuration once (configuration.py); the tests count what
comes after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuyuan.patrons import queries
from shuyuan.patrons import services as patron_services
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import PIN, Library, a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import give_back, lend, read_configuration
from shuyuan.testing.database import round_trips

pytestmark = pytest.mark.django_db


def statements(call, *args, **kwargs) -> int:
    read_configuration()
    with CaptureQueriesContext(connection) as captured:
        call(*args, **kwargs)
    return len(captured.captured_queries)


def test_a_card_look_up_is_one_statement():
    lib = a_library()
    assert statements(queries.by_card, lib.card) == 1


def test_patron_information_is_the_card_and_the_readers_standing_in_two_statements():
    # The card; the reader with loans, holds and obstacles counted, and the configuration's token.
    lib = a_library()
    assert statements(lib.handle, m.PatronInformationRequest(patron_id=lib.card, summary=" " * 10)) == 2


# On PostgreSQL the item's look-up by the code scanned is the service's lock of it; on SQLite the kiosk looks
# the codes up before the group commit (``handlers.base.looks_up_first``), as the desk does.
LOOKED_UP_FIRST = 1 if connection.vendor == "sqlite" else 0


def test_a_kiosk_checkout_costs_the_desks_checkout_plus_the_card():
    lib = a_library(books=2)
    kiosk = statements(lib.handle, m.CheckoutRequest(patron_id=lib.card, item_id=lib.books[0].barcode))
    desk = statements(lend, lib.books[1], lib.reader, at=NOW, service_point=lib.point)
    assert kiosk == desk + 1 + LOOKED_UP_FIRST


def pin_checkout(lib: Library) -> m.CheckoutRequest:
    patron_services.reset_pin(lib.reader, pin=PIN, at=NOW, by=None)
    return m.CheckoutRequest(patron_id=lib.card, item_id=lib.books[0].barcode, patron_password=PIN)


def test_a_kiosk_checkout_with_a_pin_costs_the_desks_checkout_plus_the_item_and_the_card():
    # The reader is found before the checkout (a wrong PIN is counted in a transaction of its own); the
    # card's look-up reads the PIN's state with the reader.
    lib = a_library(books=2)
    kiosk = statements(lib.handle, pin_checkout(lib))
    desk = statements(lend, lib.books[1], lib.reader, at=NOW, service_point=lib.point)
    assert kiosk == desk + 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips of libpq's pipeline")
def test_a_kiosk_checkout_with_a_pin_costs_the_desks_checkout_plus_one_round_trip():
    lib = a_library(books=2)
    request = pin_checkout(lib)
    read_configuration()
    kiosk = round_trips(lib.handle, request)
    read_configuration()
    desk = round_trips(lend, lib.books[1], lib.reader, at=NOW, service_point=lib.point)
    assert kiosk == desk + 1


def test_a_kiosk_checkin_costs_what_the_desks_checkin_costs():
    lib = a_library(books=2)
    lend(lib.books[0], lib.reader, service_point=lib.point)
    lend(lib.books[1], lib.reader, service_point=lib.point)
    kiosk = statements(lib.handle, m.CheckinRequest(item_id=lib.books[0].barcode))
    desk = statements(give_back, lib.books[1], service_point=lib.point)
    assert kiosk == desk + LOOKED_UP_FIRST


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips of libpq's pipeline")
def test_a_kiosk_checkin_looks_the_item_up_in_the_round_trip_of_its_locks():
    lib = a_library(books=2)
    lend(lib.books[0], lib.reader, service_point=lib.point)
    lend(lib.books[1], lib.reader, service_point=lib.point)
    read_configuration()
    kiosk = round_trips(lib.handle, m.CheckinRequest(item_id=lib.books[0].barcode))
    read_configuration()
    desk = round_trips(give_back, lib.books[1], service_point=lib.point)
    assert kiosk == desk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips of libpq's pipeline")
def test_a_kiosk_checkout_looks_the_item_and_the_card_up_in_the_round_trip_of_its_locks():
    lib = a_library(books=2)
    read_configuration()
    kiosk = round_trips(lib.handle, m.CheckoutRequest(patron_id=lib.card, item_id=lib.books[0].barcode))
    read_configuration()
    desk = round_trips(lend, lib.books[1], lib.reader, at=NOW, service_point=lib.point)
    assert kiosk == desk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips of libpq's pipeline")
def test_patron_information_reads_the_card_and_the_readers_standing_in_one_round_trip():
    lib = a_library()
    read_configuration()
    assert round_trips(lib.handle, m.PatronInformationRequest(patron_id=lib.card, summary=" " * 10)) == 1
