"""Readers' policy as pure functions of plain values: categories by age, PINs, expiry, age bands."""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.patrons.errors import Reason
from shuyuan.patrons.iddocs import age_on
from shuyuan.spreadsheets import FORMULA_STARTS

_NAME_DOTS = str.maketrans({"•": "·", "‧": "·", "・": "·", "．": "·", ".": "·"})


def same_name(first: str, second: str) -> bool:
    """Whether two spellings are one name: the same characters once width, case, spaces and the
    middle dot of minority names (``买买提·艾力``, typed in several ways) are set aside."""

    def key(name: str) -> str:
        text = unicodedata.normalize("NFKC", name or "").translate(_NAME_DOTS)
        return "".join(text.split()).casefold()

    return bool(key(first)) and key(first) == key(second)


# Control, format (right-to-left overrides, zero-width marks), private-use and surrogate
# characters, and line and paragraph separators: none belongs in a name.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
_CARD_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,29}$")
_PHONE_DIGITS = re.compile(r"^[0-9]{5,15}$")


def name_problem(name: str) -> Reason | None:
    """Why a reader's name cannot be stored, or None."""
    text = name.strip()
    if not text:
        return Reason.NAME_REQUIRED
    if any(unicodedata.category(c) in _INVISIBLE for c in text):
        return Reason.NAME_CHARACTERS
    if text.startswith(FORMULA_STARTS):
        return Reason.NAME_FORMULA
    return None


def phone_problem(normalized: str) -> Reason | None:
    """Why a phone number (after ``masking.normalize_phone``) cannot be stored; empty is allowed."""
    if normalized and not _PHONE_DIGITS.match(normalized):
        return Reason.PHONE_FORMAT
    return None


def card_number_problem(value: str) -> Reason | None:
    """Why a card number typed at the desk or read from an old system cannot be used."""
    if not _CARD_NUMBER.match(value):
        return Reason.CARD_FORMAT
    return None


AGE_BANDS = ((0, 6, "0-6"), (7, 13, "7-13"), (14, 17, "14-17"), (18, 34, "18-34"), (35, 59, "35-59"))
OLDEST_BAND = "60+"


class CategoryLike(Protocol):
    max_age: int | None

    @property
    def next_category(self) -> CategoryLike | None: ...


def age_band(age: int | None) -> str:
    """The statistics age band of an age; empty when the age is unknown (groups, passports)."""
    if age is None:
        return ""
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return OLDEST_BAND


def category_on(category: CategoryLike, birth_date: date | None, day: date) -> CategoryLike:
    """The category a reader belongs to on ``day``: a child moves on by itself on the birthday
    that reaches the category's age limit (and on again, should the next one have a limit too)."""
    if birth_date is None:
        return category
    age = age_on(birth_date, day)
    for _hop in range(5):
        following = category.next_category
        if category.max_age is None or following is None or age < category.max_age:
            break
        category = following
    return category


def pin_problem(
    pin: str, *, length: int, id_number: str = "", refuse_sequences: bool = True, refuse_id_digits: bool = True
) -> Reason | None:
    """Why ``pin`` may not be a PIN, or None. Trivial PINs are refused by default because the
    lockout (five tries) is the only protection a short secret has; a library that issues PINs
    some other way (the last digits of the ID number, a fixed 4-digit series) turns the rules off."""
    if len(pin) != length or not (pin.isascii() and pin.isdigit()):
        return Reason.PIN_FORMAT
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    if refuse_sequences and (len(set(pin)) == 1 or steps in ({1}, {-1})):
        return Reason.PIN_TOO_SIMPLE
    if refuse_id_digits and id_number and (id_number.endswith(pin) or id_number[6:14].endswith(pin)):
        return Reason.PIN_TOO_SIMPLE
    return None


def lock_until(failures: int, at: datetime, *, max_failures: int, minutes: int) -> datetime | None:
    """When PIN checks unlock after ``failures`` wrong tries in a row, or None if not locked."""
    return at + timedelta(minutes=minutes) if failures >= max_failures else None


def expiry_after(day: date, years: int) -> date | None:
    """The expiry date of a card issued or renewed on ``day``; None when cards do not expire."""
    if years <= 0:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def born_on_or_before(day: date, years: int) -> date:
    """The latest birth date of someone at least ``years`` old on ``day`` (see ``iddocs.age_on``)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class PinResult(models.TextChoices):
    OK = "ok", _("PIN correct")
    WRONG = "wrong", _("PIN wrong")
    LOCKED = "locked", _("PIN checks locked")
    NOT_SET = "not_set", _("no PIN set")

    @property
    def refusal(self) -> Reason:
        return {"wrong": Reason.PIN_WRONG, "locked": Reason.PIN_LOCKED, "not_set": Reason.PIN_NOT_SET}[self.value]


def needs_guardian(age: int | None, *, guardian_age: int) -> bool:
    return age is not None and age < guardian_age
