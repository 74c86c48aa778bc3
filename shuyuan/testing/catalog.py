"""Test factories for the catalogue: records, item types, collections and items with sensible defaults.

Records and items are put into the search index only when asked (``index=True``), as the catalogue's
services do; search tests that commit start from :func:`empty_index`.
"""

from itertools import count
from typing import Any

from shuyuan.branches.models import Branch
from shuyuan.catalog import callnumbers
from shuyuan.catalog.models import Collection, Item, ItemType, Record
from shuyuan.catalog.search import index_records
from shuyuan.catalog.search.backends import backend
from shuyuan.testing.branches import NOW, make_branch

_numbers = count(1)


def empty_index() -> None:
    """Forget index rows left by tests that commit (their records are gone, their rows are not)."""
    backend().clear()


def make_record(title: str = "", *, index: bool = False, **fields: Any) -> Record:
    n = next(_numbers)
    defaults: dict[str, Any] = {
        "title": title or f"测试图书{n}",
        "responsibility": "张三著",
        "authors": "张三",
        "publisher": "湖南人民出版社",
        "place": "长沙",
        "year": 2015,
        "clc": "I247.5",
        "language": "chi",
        "marc_format": Record.MarcFormat.CNMARC,
        "created_at": NOW,
        "updated_at": NOW,
    }
    record = Record.objects.create(**{**defaults, **fields})
    if index:
        index_records([record.pk])
    return record


def make_item_type(code: str = "BOOK", **fields: Any) -> ItemType:
    """The migration's item types exist already (BOOK 普通图书, CHILD 少儿图书, ...); others are made."""
    defaults = {"name": fields.pop("name", code)}
    return ItemType.objects.get_or_create(code=code, defaults={**defaults, **fields})[0]


def make_collection(branch: Branch | None = None, code: str = "", name: str = "", **fields: Any) -> Collection:
    n = next(_numbers)
    branch = branch or make_branch()
    return Collection.objects.create(
        branch=branch, code=code or f"{branch.code}-C{n}", name=name or f"中文图书{n}", **fields
    )


def make_item(
    record: Record | None = None,
    barcode: str = "",
    *,
    branch: Branch | None = None,
    collection: Collection | None = None,
    item_type: ItemType | None = None,
    index: bool = False,
    **fields: Any,
) -> Item:
    """A copy on the shelf; ``index=True`` indexes its record again, as the copy's barcode, branch and
    collection are searched and faceted."""
    n = next(_numbers)
    collection = collection or make_collection(branch)
    branch = branch or collection.branch
    call_number = fields.pop("call_number", f"I247.5/{n}")
    defaults: dict[str, Any] = {
        "barcode": barcode or f"T{n:08d}",
        "status": Item.Status.ON_SHELF,
        "created_at": NOW,
        "status_changed_at": NOW,
    }
    item = Item.objects.create(
        record=record or make_record(),
        collection=collection,
        item_type=item_type or make_item_type(),
        home_branch=fields.pop("home_branch", branch),
        current_branch=fields.pop("current_branch", branch),
        call_number=call_number,
        call_number_sort=callnumbers.sort_key(call_number),
        **{**defaults, **fields},
    )
    if index:
        index_records([item.record_id])
    return item
