"""What a scanned or typed value is: a reader's card, an item's barcode, an ID number, or ambiguous.

The forms come from ``shuyuan.numbering``; a value is also what the library has issued under it (an
old system's card, a relabelled book's old barcode). The desk asks when a value could be more than one.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.catalog.models import Item, OldBarcode
from shuyuan.numbering import forms, item_form
from shuyuan.patrons import ecard, iddocs
from shuyuan.patrons.models import Patron, PatronCard


class Scanned(models.TextChoices):
    CARD = "card", _("reader card")
    ITEM = "item", _("item barcode")
    ID_NUMBER = "id_number", _("ID number")
    AMBIGUOUS = "ambiguous", _("could be more than one of these")
    UNKNOWN = "unknown", _("not recognised")


def classify(raw: str) -> Scanned:
    """What a scanned or typed value is: a reader's card (by the card form, or an issued card such as
    an old system's), an item's barcode (by the item form, or an existing barcode, old ones too), an
    ID number (a valid resident ID or permit number), several of these at once, or none."""
    value = raw.strip()
    if not value or any(unicodedata.category(c) == "Cc" for c in value):
        # A scanner's own prefix or suffix is stripped by the adapter; what is left with control
        # characters in it is no number of ours (and PostgreSQL refuses NUL in a query).
        return Scanned.UNKNOWN
    if ecard.is_ecard(value):
        return Scanned.CARD  # the QR e-card: resolve() verifies it, or refuses it with its reason
    card, item = forms()
    kinds: set[Scanned] = set()
    if card.matches(value) or PatronCard.objects.filter(value=value).exists():
        kinds.add(Scanned.CARD)
    elif Patron.objects.filter(card_number=value).exists():
        kinds.add(Scanned.CARD)
    if item.matches(value) or Item.objects.filter(barcode=value).exists():
        kinds.add(Scanned.ITEM)
    elif OldBarcode.objects.filter(barcode=value).exists():
        kinds.add(Scanned.ITEM)
    if iddocs.is_valid(value):
        kinds.add(Scanned.ID_NUMBER)
    if len(kinds) > 1:
        return Scanned.AMBIGUOUS
    return kinds.pop() if kinds else Scanned.UNKNOWN


def is_item_barcode(value: str) -> bool:
    """Whether ``value`` is (or looks like) an item's barcode: a card may not take it."""
    return (
        item_form().matches(value)
        or Item.objects.filter(barcode=value).exists()
        or OldBarcode.objects.filter(barcode=value).exists()
    )
