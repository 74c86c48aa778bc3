"""The item types Chinese public libraries use, present in every database (editable in the admin)."""

from typing import Any

ITEM_TYPES = [
    # code, name, loanable, for children, SIP2 media type (ItemType.MediaType)
    ("BOOK", "普通图书", True, False, "001"),
    ("CHILD", "少儿图书", True, True, "001"),
    ("BOUND", "期刊合订本", False, False, "003"),
    ("REF", "参考书", False, False, "001"),
    ("LOCAL", "地方文献", False, False, "001"),
    ("AV", "视听资料", True, False, "006"),
]


def ensure_item_types(sender: Any = None, **kwargs: Any) -> None:
    """Create the standard item types that are missing; never changes those a library edited."""
    from shuyuan.catalog.models import ItemType

    for code, name, loanable, children, media_type in ITEM_TYPES:
        ItemType.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_loanable": loanable, "is_for_children": children, "media_type": media_type},
        )
