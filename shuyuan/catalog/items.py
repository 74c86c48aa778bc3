"""Building blocks on items for other domains' services: they open no transaction of their own."""

from datetime import datetime
from typing import Any

from shuyuan.audit.log import actor_fields
from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item, ItemStatusChange


def set_status(
    item: Item, status: str, *, at: datetime, by: Any, reason: str = "", current_branch: Branch | None = None
) -> Item:
    """Change an item's status (and optionally where it is), recording the change.

    The caller's transaction must hold the item's row lock (``select_for_update``).
    """
    old = item.status
    fields = {"status": status, "status_changed_at": at}
    if current_branch is not None:
        fields["current_branch"] = current_branch
    Item.objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
    if old != status:
        ItemStatusChange.objects.create(
            item=item, old_status=old, new_status=status, at=at, by_label=actor_fields(by)["actor_label"], reason=reason
        )
    return item
