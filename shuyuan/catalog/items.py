"""Building blocks on items for other domains' services: they open no transaction of their own."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from shuyuan import fastsql
from shuyuan.audit import log
from shuyuan.audit.log import actor_fields
from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Collection, Item, ItemStatusChange
from shuyuan.catalog.search import index_records


def set_status(
    item: Item, status: str, *, at: datetime, by: Any, reason: str = "", current_branch: Branch | None = None
) -> Item:
    """Change an item's status (and optionally where it is), recording the change.

    The caller's transaction must hold the item's row lock (``select_for_update``). Two statements
    on the fast path (``shuyuan.fastsql``): every checkout and checkin comes through here, and the
    ORM's compilation of this UPDATE and INSERT cost more than the database's work on them.
    """
    old = item.status
    # Only a real move writes the column: SQLite rewrites an index entry for every column SET.
    moves = current_branch is not None and current_branch.pk != item.current_branch_id
    when = fastsql.db_datetime(at)
    if moves:
        fastsql.execute(fastsql.prepared(_update_sql, True), [status, when, current_branch.pk, item.pk])  # type: ignore[union-attr]
    else:
        fastsql.execute(fastsql.prepared(_update_sql, False), [status, when, item.pk])
    if old != status:
        values = [item.pk, old, status, when, actor_fields(by)["actor_label"], reason]
        fastsql.execute(fastsql.prepared(_history_sql), values)
    item.status = status
    item.status_changed_at = at
    if current_branch is not None:
        item.current_branch = current_branch
    return item


def _update_sql(wrapper: BaseDatabaseWrapper, moves: bool) -> str:
    """The item's new status (and, when it moves, its current branch)."""
    column = {name: fastsql.column(Item, name) for name in ("status", "status_changed_at", "current_branch")}
    sets = f"{column['status']} = %s, {column['status_changed_at']} = %s"
    if moves:
        sets += f", {column['current_branch']} = %s"
    return f"UPDATE {fastsql.table(Item)} SET {sets} WHERE id = %s"


STATUS_CHANGE_COLUMNS = ("item", "old_status", "new_status", "at", "by_label", "reason")


def _history_sql(wrapper: BaseDatabaseWrapper) -> str:
    columns = ", ".join(fastsql.column(ItemStatusChange, name) for name in STATUS_CHANGE_COLUMNS)
    marks = ", ".join(["%s"] * len(STATUS_CHANGE_COLUMNS))
    return f"INSERT INTO {fastsql.table(ItemStatusChange)} ({columns}) VALUES ({marks})"


def relocate(
    item: Item, *, home_branch: Branch, collection: Collection | None = None, at: datetime, by: Any, reason: str = ""
) -> Item:
    """Make ``home_branch`` the item's home for good (and ``collection``, one of that branch's, its
    collection), so that a return anywhere sends it there from now on: :func:`relocate_all` of one."""
    relocate_all([item], home_branch=home_branch, collection=collection, at=at, by=by, reason=reason)
    return item


def relocate_all(
    items: Sequence[Item],
    *,
    home_branch: Branch,
    collection: Collection | None = None,
    at: datetime,
    by: Any,
    reason: str = "",
) -> None:
    """Make ``home_branch`` (and ``collection``) the home of ``items`` for good. Their status and
    where they are now do not change. Each move is recorded in the audit log with ``reason`` (say, a
    batch's manifest number), since ItemStatusChange records only changes of status. Branch and
    collection are search facets, so the records are re-indexed, once for all the items.

    The caller's transaction must hold the items' row locks.
    """
    if collection is not None and collection.branch_id != home_branch.pk:
        raise ValueError(f"collection {collection.code} does not belong to branch {home_branch.code}")
    fields: dict[str, Any] = {"home_branch": home_branch}
    if collection is not None:
        fields["collection"] = collection
    Item.objects.filter(pk__in=[item.pk for item in items]).update(**fields)
    for item in items:
        before = {"home_branch": item.home_branch_id, "collection": item.collection_id}
        for name, value in fields.items():
            setattr(item, name, value)
        log.record(
            "catalog.item_relocated",
            at=at,
            by=by,
            obj=item,
            detail={
                "barcode": item.barcode,
                "from_branch": before["home_branch"],
                "to_branch": home_branch.pk,
                "from_collection": before["collection"],
                "to_collection": item.collection_id,
                "reason": reason[:200],
            },
        )
    index_records(sorted({item.record_id for item in items}))
