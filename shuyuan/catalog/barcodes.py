"""New barcodes from a sequence row (building block: opens no transaction; the caller's holds the lock)."""

from __future__ import annotations

from shuyuan import numbering
from shuyuan.catalog.models import BarcodeSequence


def draw_barcodes(prefix: str, count: int, *, width: int | None = None) -> list[str]:
    """`count` fresh barcodes such as LL00000123, never handed out twice, whichever process asks:
    the prefix asked for, with the digits and check digit of the library's item form."""
    if count <= 0:
        return []
    form = numbering.item_form()
    BarcodeSequence.objects.get_or_create(prefix=prefix, defaults={"width": width or form.digits})
    sequence = BarcodeSequence.objects.select_for_update().get(prefix=prefix)
    first = sequence.next_value
    BarcodeSequence.objects.filter(pk=sequence.pk).update(next_value=first + count)
    drawn = numbering.NumberForm(prefix, sequence.width, form.check_digit)
    return [drawn.format(number) for number in range(first, first + count)]
