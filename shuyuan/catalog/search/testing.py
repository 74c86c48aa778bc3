"""Small factories for the search and SRU tests: records and items with sensible defaults, indexed
the way the catalogue's services index them."""

from __future__ import annotations

from itertools import count
from typing import Any

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Collection, Item, ItemType, Record
from shuyuan.testing.branches import NOW, make_branch

from .backends import backend
from .indexing import index_records

_numbers = count(1)


def empty_index() -> None:
    """Forget index rows left by tests that commit (their records are gone, their rows are not)."""
    backend().clear()


def make_record(title: str = "", *, index: bool = True, **fields: Any) -> Record:
    n = next(_numbers)
    defaults: dict[str, Any] = {"title": title or f"测试书目{n}", "created_at": NOW, "updated_at": NOW}
    record = Record.objects.create(**{**defaults, **fields})
    if index:
        index_records([record.pk])
    return record


def item_type() -> ItemType:
    return ItemType.objects.get_or_create(code="BOOK", defaults={"name": "普通图书"})[0]


def make_collection(branch: Branch | None = None, code: str = "", name: str = "") -> Collection:
    n = next(_numbers)
    branch = branch or make_branch()
    return Collection.objects.create(code=code or f"C{n:03d}", name=name or f"中文图书{n}", branch=branch)


def make_item(record: Record, barcode: str = "", *, collection: Collection | None = None, **fields: Any) -> Item:
    n = next(_numbers)
    collection = collection or make_collection()
    defaults: dict[str, Any] = {
        "barcode": barcode or f"T{n:08d}",
        "item_type": item_type(),
        "collection": collection,
        "home_branch": collection.branch,
        "current_branch": collection.branch,
        "status": Item.Status.ON_SHELF,
        "created_at": NOW,
        "status_changed_at": NOW,
    }
    item = Item.objects.create(record=record, **{**defaults, **fields})
    index_records([record.pk])
    return item
