"""The forms of the numbers a scanner reads at the desk and the kiosk.

A library card and a book's barcode must never look alike, or a scan cannot tell a reader from a
book. Each has its form, set per library in ``settings.SHUYUAN["NUMBERS"]``::

    SHUYUAN["NUMBERS"] = {
        "CARD": {"PREFIX": "LLR", "DIGITS": 7, "CHECK_DIGIT": "luhn"},  # LLR00000018
        "ITEM": {"PREFIX": "LL", "DIGITS": 8, "CHECK_DIGIT": ""},       # LL00000001
    }

``CHECK_DIGIT`` is ``"luhn"`` (one more digit, ISO/IEC 7812) or empty. The two forms may not
overlap; settings that let one value fit both are refused (ImproperlyConfigured). New cards and new
barcodes are numbered in their form; a card number or barcode that is entered or imported is
refused when it has the other's form or is already the other's. ``patrons.scans.classify`` says what a
scanned value is, looking at its form and at the cards and barcodes the library has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from stdnum import luhn

CHECK_DIGITS = ("", "luhn")
DEFAULTS = {
    "CARD": {"PREFIX": "LLR", "DIGITS": 7, "CHECK_DIGIT": "luhn"},
    "ITEM": {"PREFIX": "LL", "DIGITS": 8, "CHECK_DIGIT": ""},
}


@dataclass(frozen=True)
class NumberForm:
    """A prefix, a serial number of ``digits`` digits, and an optional check digit."""

    prefix: str
    digits: int
    check_digit: str = ""

    @property
    def length(self) -> int:
        return len(self.prefix) + self.digits + (1 if self.check_digit else 0)

    def format(self, serial: int) -> str:
        body = f"{serial:0{self.digits}d}"
        if len(body) > self.digits:
            raise ValueError(f"serial {serial} does not fit in {self.digits} digits")
        if self.check_digit == "luhn":
            body += luhn.calc_check_digit(body)
        return self.prefix + body

    def matches(self, value: str) -> bool:
        if len(value) != self.length or not value.startswith(self.prefix):
            return False
        body = value[len(self.prefix) :]
        if not (body.isascii() and body.isdigit()):
            return False
        return self.check_digit != "luhn" or luhn.is_valid(body)

    def positions(self) -> list[str | None]:
        """Each position's fixed character, or None where any digit goes."""
        return [*self.prefix, *([None] * (self.length - len(self.prefix)))]


def overlap(first: NumberForm, second: NumberForm) -> bool:
    """Whether some value could have both forms (check digits aside: a scan error must not fit either)."""
    if first.length != second.length:
        return False
    for a, b in zip(first.positions(), second.positions(), strict=True):
        if a is not None and b is not None and a != b:
            return False
        if (a is None and b is not None and not b.isdigit()) or (b is None and a is not None and not a.isdigit()):
            return False
    return True


def _form(kind: str) -> NumberForm:
    configured: dict[str, Any] = getattr(settings, "SHUYUAN", {}).get("NUMBERS", {}).get(kind, {})
    values = {**DEFAULTS[kind], **{key.upper(): value for key, value in configured.items()}}
    form = NumberForm(str(values["PREFIX"]), int(values["DIGITS"]), str(values["CHECK_DIGIT"] or ""))
    if form.check_digit not in CHECK_DIGITS or not 4 <= form.digits <= 14:
        raise ImproperlyConfigured(
            f"SHUYUAN['NUMBERS']['{kind}']: DIGITS 4 to 14 and CHECK_DIGIT one of {CHECK_DIGITS}, not {values}"
        )
    return form


def card_form() -> NumberForm:
    return forms()[0]


def item_form() -> NumberForm:
    return forms()[1]


def forms() -> tuple[NumberForm, NumberForm]:
    """The library's card form and item barcode form; refuses settings in which they overlap."""
    card, item = _form("CARD"), _form("ITEM")
    if overlap(card, item):
        raise ImproperlyConfigured(
            f"SHUYUAN['NUMBERS']: a card number ({card.format(1)}) and a barcode ({item.format(1)}) could look alike; "
            "give them different prefixes or lengths"
        )
    return card, item


def card_values_among(values: list[str]) -> set[str]:
    """Those of ``values`` that are (or look like) reader cards: an item may not take them."""
    from shuyuan.patrons.models import Patron, PatronCard

    card = card_form()
    found = {value for value in values if card.matches(value)}
    found |= set(PatronCard.objects.filter(value__in=values).values_list("value", flat=True))
    found |= set(Patron.objects.filter(card_number__in=values).values_list("card_number", flat=True))
    return found
