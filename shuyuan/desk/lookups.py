"""The desk's look-ups, each one another domain's public query: what a scanned value is, the item a
barcode stands for, the reader a card or ID number stands for."""

from __future__ import annotations

from shuyuan.catalog import queries as catalog_queries
from shuyuan.catalog.models import Item
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons import scans
from shuyuan.patrons.models import Patron

CARD, ITEM, ID_NUMBER, AMBIGUOUS, UNKNOWN = "card", "item", "id_number", "ambiguous", "unknown"


def kind_of(value: str) -> str:
    """What a scanned value is: card, item, id_number, ambiguous (more than one of these) or unknown."""
    kind = str(scans.classify(value))
    if kind == AMBIGUOUS and not scans.is_item_barcode(value):
        return CARD  # a card and an ID number of readers: whichever, the desk serves the reader
    return kind


def item(value: str) -> Item | None:
    """The item a barcode, an old barcode or an RFID tag id stands for."""
    return catalog_queries.item_by_barcode(value)


def reader(value: str) -> Patron:
    """The reader of a card, the QR e-card or an ID number; raises PatronRefused."""
    return patron_queries.resolve(value)
