"""PINs: a keyed hash, one check for every channel, a lockout after five wrong tries."""

from datetime import timedelta

import pytest

from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron
from shuyuan.patrons.rules import PinResult
from shuyuan.testing.branches import NOW
from shuyuan.testing.patrons import make_patron, resident_id

pytestmark = pytest.mark.django_db


def reader(pin: str = "246810") -> Patron:
    return make_patron(pin=pin)


def fail(patron: Patron, times: int) -> PinResult:
    result = PinResult.OK
    for _ in range(times):
        result = services.check_pin(patron, "000001", at=NOW)
    return result


def test_the_right_pin_is_accepted() -> None:
    assert services.check_pin(reader(), "246810", at=NOW) == PinResult.OK


def test_a_wrong_pin_is_refused() -> None:
    assert services.check_pin(reader(), "246811", at=NOW) == PinResult.WRONG


def test_the_pin_is_not_stored_in_clear() -> None:
    assert "246810" not in reader().pin_hash


def test_two_readers_with_the_same_pin_have_different_hashes() -> None:
    assert reader().pin_hash != reader().pin_hash


def test_a_reader_without_a_pin_has_none_to_check() -> None:
    assert services.check_pin(reader(pin=""), "246810", at=NOW) == PinResult.NOT_SET


def test_four_wrong_tries_do_not_lock() -> None:
    assert fail(reader(), 4) == PinResult.WRONG


def test_the_fifth_wrong_try_locks_pin_checks() -> None:
    assert fail(reader(), 5) == PinResult.LOCKED


def test_a_locked_reader_is_refused_even_with_the_right_pin() -> None:
    patron = reader()
    fail(patron, 5)
    assert services.check_pin(patron, "246810", at=NOW + timedelta(minutes=1)) == PinResult.LOCKED


def test_the_lock_ends_after_the_configured_time() -> None:
    patron = reader()
    fail(patron, 5)
    assert services.check_pin(patron, "246810", at=NOW + timedelta(minutes=31)) == PinResult.OK


def test_the_lock_time_is_configurable(settings) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"PIN_LOCK_MINUTES": 120}}
    patron = reader()
    fail(patron, 5)
    assert services.check_pin(patron, "246810", at=NOW + timedelta(minutes=31)) == PinResult.LOCKED


def test_a_right_pin_clears_the_wrong_tries() -> None:
    patron = reader()
    fail(patron, 4)
    services.check_pin(patron, "246810", at=NOW)
    assert fail(patron, 4) == PinResult.WRONG


def test_staff_resetting_the_pin_lifts_the_lock() -> None:
    patron = reader()
    fail(patron, 5)
    services.reset_pin(patron, pin="135792", at=NOW, by=None)
    assert services.check_pin(patron, "135792", at=NOW) == PinResult.OK


def test_a_trivial_pin_is_refused_at_reset() -> None:
    with pytest.raises(PatronRefused) as refused:
        services.reset_pin(reader(), pin="111111", at=NOW, by=None)
    assert refused.value.reason == Reason.PIN_TOO_SIMPLE


def test_a_reader_changes_the_pin_with_the_current_one() -> None:
    patron = reader()
    services.change_pin(patron, current="246810", new="975310", at=NOW, by=patron)
    assert services.check_pin(patron, "975310", at=NOW) == PinResult.OK


def test_a_reader_cannot_change_the_pin_with_a_wrong_current_one() -> None:
    with pytest.raises(PatronRefused) as refused:
        services.change_pin(reader(), current="000001", new="975310", at=NOW, by=None)
    assert refused.value.reason == Reason.PIN_WRONG


def test_a_right_pin_is_checked_with_one_query(django_assert_num_queries) -> None:
    patron = reader()
    with django_assert_num_queries(1):
        services.check_pin(patron, "246810", at=NOW)


def test_the_lock_is_kept_in_the_database_for_every_process() -> None:
    patron = reader()
    fail(patron, 5)
    fresh = Patron.objects.get(pk=patron.pk)
    assert fresh.is_pin_locked(NOW)


def four_digit_pins(settings, **rules: bool) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"PIN_LENGTH": 4, **rules}}


def test_a_library_with_four_digit_pins_accepts_a_four_digit_pin(settings) -> None:
    four_digit_pins(settings)
    patron = services.reset_pin(reader(pin=""), pin="2580", at=NOW, by=None)
    assert services.check_pin(patron, "2580", at=NOW) == PinResult.OK


def test_a_library_with_four_digit_pins_refuses_a_six_digit_one(settings) -> None:
    four_digit_pins(settings)
    with pytest.raises(PatronRefused) as refused:
        services.reset_pin(reader(pin=""), pin="250913", at=NOW, by=None)
    assert refused.value.reason == Reason.PIN_FORMAT


def test_a_library_that_allows_sequences_accepts_the_sipserver_pin_6789(settings) -> None:
    four_digit_pins(settings, PIN_REFUSES_SEQUENCES=False)
    patron = services.reset_pin(reader(pin=""), pin="6789", at=NOW, by=None)
    assert services.check_pin(patron, "6789", at=NOW) == PinResult.OK


def test_sequences_are_refused_by_default_also_with_four_digits(settings) -> None:
    four_digit_pins(settings)
    with pytest.raises(PatronRefused) as refused:
        services.reset_pin(reader(pin=""), pin="6789", at=NOW, by=None)
    assert refused.value.reason == Reason.PIN_TOO_SIMPLE


def test_a_library_may_use_the_last_six_digits_of_the_id_number_as_pin(settings) -> None:
    # Such a library allows runs too: the digits of an ID number may hold one (…123…).
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"PIN_REFUSES_ID_DIGITS": False, "PIN_REFUSES_SEQUENCES": False}}
    # An ID number whose check character is a digit: one ending in X has no six-digit tail.
    number = next(n for n in (resident_id(sequence=s) for s in range(1, 20)) if n[-1].isdigit())
    patron = make_patron(id_number=number, pin="")
    services.reset_pin(patron, pin=number[-6:], at=NOW, by=None)
    assert services.check_pin(patron, number[-6:], at=NOW) == PinResult.OK


def test_a_pin_checked_as_read_reads_nothing_more(django_assert_num_queries) -> None:
    patron = Patron.objects.get(pk=reader().pk)
    with django_assert_num_queries(0):
        assert services.check_pin(patron, "246810", at=NOW, as_read=True) == PinResult.OK


def test_a_locked_reader_read_whole_is_refused_as_read_even_with_the_right_pin() -> None:
    patron = reader()
    fail(patron, 5)
    as_read = Patron.objects.get(pk=patron.pk)
    assert services.check_pin(as_read, "246810", at=NOW + timedelta(minutes=1), as_read=True) == PinResult.LOCKED


def test_wrong_tries_as_read_are_counted_in_the_database_not_on_the_instance() -> None:
    patron = Patron.objects.get(pk=reader().pk)  # read once, never refreshed: its count stays 0
    results = [services.check_pin(patron, "000001", at=NOW, as_read=True) for _ in range(5)]
    assert results == [PinResult.WRONG] * 4 + [PinResult.LOCKED]
