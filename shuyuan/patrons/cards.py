"""Building blocks for reader cards; they open no transaction and run inside the caller's."""

from __future__ import annotations

import secrets
from datetime import datetime

from shuyuan import numbering
from shuyuan.patrons import scans
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import CardSequence, Patron, PatronCard

QR_PREFIX = "SYQR"


def next_card_number() -> str:
    """The next free library card number in the library's card form (``numbering.card_form``):
    a database row, locked, so every process agrees."""
    form = numbering.card_form()
    CardSequence.objects.get_or_create(prefix=form.prefix)
    sequence = CardSequence.objects.select_for_update().get(prefix=form.prefix)
    while True:
        value = form.format(sequence.next_value)
        sequence.next_value += 1
        # Imported cards of the old system may already use a number of our series.
        if (
            not PatronCard.objects.filter(value=value).exists()
            and not Patron.objects.filter(card_number=value).exists()
            and not scans.is_item_barcode(value)
        ):
            break
    sequence.save(update_fields=["next_value"])
    return value


def check_card_number(value: str, *, legacy: bool) -> None:
    """A card number typed at the desk must have the card form; an old system's card keeps its
    number, but neither may be, or look like, an item's barcode."""
    if scans.is_item_barcode(value):
        raise PatronRefused(Reason.CARD_LIKE_ITEM)
    form = numbering.card_form()
    if not legacy and not form.matches(value):
        raise PatronRefused(Reason.CARD_FORM, example=form.format(1))


def issue(patron: Patron, kind: str, value: str, *, at: datetime) -> PatronCard:
    return PatronCard.objects.create(patron=patron, kind=kind, value=value, issued_at=at)


def new_qr_value() -> str:
    return f"{QR_PREFIX}{secrets.token_urlsafe(18)}"
