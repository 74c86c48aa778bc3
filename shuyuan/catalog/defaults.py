"""The item types Chinese public libraries use, present in every database (editable in the admin)."""

from typing import Any

ITEM_TYPES = [
    # code, name, loanable, for children
    ("BOOK", "普通图书", True, False),
    ("CHILD", "少儿图书", True, True),
    ("BOUND", "期刊合订本", False, False),
    ("REF", "参考书", False, False),
    ("LOCAL", "地方文献", False, False),
    ("AV", "视听资料", True, False),
]


def ensure_item_types(sender: Any = None, **kwargs: Any) -> None:
    """Create the standard item types that are missing; never changes those a library edited."""
    from shuyuan.catalog.models import ItemType

    for code, name, loanable, children in ITEM_TYPES:
        ItemType.objects.get_or_create(
            code=code, defaults={"name": name, "is_loanable": loanable, "is_for_children": children}
        )
