"""Building blocks for reader cards; they open no transaction and run inside the caller's."""

from __future__ import annotations

import secrets
from datetime import datetime

from shuyuan.patrons.models import CardSequence, Patron, PatronCard

CARD_DIGITS = 8
QR_PREFIX = "SYQR"


def next_card_number(prefix: str) -> str:
    """The next free library card number: a database row, locked, so every process agrees."""
    CardSequence.objects.get_or_create(prefix=prefix)
    sequence = CardSequence.objects.select_for_update().get(prefix=prefix)
    while True:
        value = f"{prefix}{sequence.next_value:0{CARD_DIGITS}d}"
        sequence.next_value += 1
        # Imported cards of the old system may already use a number of our series.
        if (
            not PatronCard.objects.filter(value=value).exists()
            and not Patron.objects.filter(card_number=value).exists()
        ):
            break
    sequence.save(update_fields=["next_value"])
    return value


def issue(patron: Patron, kind: str, value: str, *, at: datetime) -> PatronCard:
    return PatronCard.objects.create(patron=patron, kind=kind, value=value, issued_at=at)


def new_qr_value() -> str:
    return f"{QR_PREFIX}{secrets.token_urlsafe(18)}"
