"""New barcodes from a sequence row (building block: opens no transaction; the caller's holds the lock)."""

from __future__ import annotations

from shuyuan.catalog.models import BarcodeSequence


def draw_barcodes(prefix: str, count: int, *, width: int = 8) -> list[str]:
    """`count` fresh barcodes such as LL00000123, never handed out twice, whichever process asks."""
    if count <= 0:
        return []
    BarcodeSequence.objects.get_or_create(prefix=prefix, defaults={"width": width})
    sequence = BarcodeSequence.objects.select_for_update().get(prefix=prefix)
    first = sequence.next_value
    BarcodeSequence.objects.filter(pk=sequence.pk).update(next_value=first + count)
    return [f"{prefix}{number:0{sequence.width}d}" for number in range(first, first + count)]
