"""Reads worth naming for the catalogue and the domains that use it."""

from __future__ import annotations

from shuyuan.catalog.models import Item, OldBarcode


def item_for_barcode(barcode: str) -> Item | None:
    """The item with this barcode, or the item relabelled from this old barcode (conversion, 重新贴标)."""
    code = barcode.strip()
    if not code:
        return None
    item = Item.objects.filter(barcode=code).select_related("record").first()
    if item is not None:
        return item
    old = OldBarcode.objects.filter(barcode=code).select_related("item__record").first()
    return old.item if old is not None else None
