"""The benchmark's database: filled in bulk from the generator, indexed, and sampled for queries."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

from bench.search.generator import BRANCHES, COLLECTIONS, NOW, Generator

BATCH = 2000


def create_database_if_missing() -> None:
    """A PostgreSQL URL may name a database the cluster doesn't have yet (scripts/with-postgres.sh)."""
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    params = {"user": config["USER"], "password": config["PASSWORD"], "host": config["HOST"], "port": config["PORT"]}
    params = {k: str(v) for k, v in params.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE \"{config['NAME']}\" ENCODING 'UTF8' TEMPLATE template0")


def require_empty() -> None:
    from shuyuan.catalog.models import Record

    if Record.objects.exists():
        raise SystemExit("the benchmark needs an empty catalogue (it adds its own records); use a fresh database")


def require_filled() -> None:
    from shuyuan.catalog.models import Record

    if not Record.objects.exists():
        raise SystemExit("--existing needs the database of a finished run: this catalogue is empty")


def counts() -> dict[str, int]:
    from shuyuan.catalog.models import Item, Record

    return {"records": Record.objects.count(), "items": Item.objects.count()}


def fill(count: int, *, seed: int) -> dict[str, int]:
    from shuyuan.branches.models import Branch, Library
    from shuyuan.catalog.models import Collection, Item, ItemType, Record

    library = Library.objects.get_or_create(code="LL", defaults={"name": "醴陵市图书馆"})[0]
    branches = {
        code: Branch.objects.get_or_create(code=code, defaults={"name": name, "library": library})[0]
        for code, name in BRANCHES
    }
    collections = {
        code: Collection.objects.get_or_create(code=code, defaults={"name": name, "branch": branches[branch]})[0]
        for code, name, branch in COLLECTIONS
    }
    item_type = ItemType.objects.get_or_create(code="BOOK", defaults={"name": "普通图书"})[0]
    made = {"records": 0, "items": 0}
    pending: list[Any] = []
    for fake in Generator(seed).records(count):
        pending.append(fake)
        if len(pending) == BATCH:
            _store(pending, Record, Item, collections, item_type, made)
            pending = []
    if pending:
        _store(pending, Record, Item, collections, item_type, made)
    return made


def _store(
    fakes: list[Any], Record: Any, Item: Any, collections: dict[str, Any], item_type: Any, made: dict[str, int]
) -> None:
    records = Record.objects.bulk_create(
        [
            Record(
                title=f.title,
                responsibility=f.responsibility,
                authors=f.authors,
                isbn=f.isbn,
                isbn_key=f.isbn,
                publisher=f.publisher,
                year=f.year,
                clc=f.clc,
                subjects=f.subjects,
                series=f.series,
                language=f.language,
                material_type="book",
                created_at=NOW,
                updated_at=NOW,
            )
            for f in fakes
        ]
    )
    items = []
    for record, fake in zip(records, fakes, strict=True):
        for code, barcode in fake.copies:
            collection = collections[code]
            items.append(
                Item(
                    record=record,
                    barcode=barcode,
                    item_type=item_type,
                    collection=collection,
                    home_branch_id=collection.branch_id,
                    current_branch_id=collection.branch_id,
                    call_number=f"{fake.clc}/{record.pk}",
                    status="on_shelf",
                    created_at=NOW,
                    status_changed_at=NOW,
                )
            )
    Item.objects.bulk_create(items)
    made["records"] += len(records)
    made["items"] += len(items)


def index_all() -> dict[str, float]:
    from shuyuan.catalog.search import rebuild

    started = time.perf_counter()
    done = rebuild()
    seconds = time.perf_counter() - started
    return {"records": done, "seconds": round(seconds, 2), "records_per_second": round(done / seconds, 1)}


def query_sets(per_kind: int, *, seed: int) -> dict[str, list[Callable[[], Any]]]:
    from stdnum import isbn as stdnum_isbn

    from shuyuan.catalog.models import Record
    from shuyuan.catalog.search.pinyin import title_spelling

    rng = random.Random(seed + 1)
    rows = list(Record.objects.values_list("title", "isbn", "clc"))
    sample = [rng.choice(rows) for _ in range(per_kind * 4)]
    titles = [title for title, _isbn, _clc in sample]

    def cut(length: int) -> list[str]:
        found = []
        for title in titles:
            if len(title) >= length:
                start = rng.randrange(len(title) - length + 1)
                found.append(title[start : start + length])
        return found[:per_kind]

    def isbn_as_typed(isbn: str) -> str:
        form = rng.randrange(3)
        return stdnum_isbn.format(isbn) if form == 0 else stdnum_isbn.to_isbn10(isbn) if form == 1 else isbn

    spelled = [title_spelling(t) for t in titles[:per_kind]]
    kinds: dict[str, list[tuple[str, str, dict[str, list[str]]]]] = {
        "title 1 char": [("keyword", q, {}) for q in cut(1)],
        "title 2 chars": [("keyword", q, {}) for q in cut(2)],
        "title 3 chars": [("keyword", q, {}) for q in cut(3)],
        "title 5 chars": [("keyword", q, {}) for q in cut(5)],
        "pinyin": [("keyword", s.full, {}) for s in spelled],
        "initials": [("keyword", s.initials, {}) for s in spelled],
        "isbn": [("keyword", isbn_as_typed(isbn), {}) for _t, isbn, _c in sample[:per_kind]],
        "facetted": [
            ("keyword", q, {"branch": ["LL01"], "clc": [clc[:1]]})
            for q, (_t, _i, clc) in zip(cut(2), sample, strict=False)
        ],
    }
    return {name: [_search(*spec) for spec in specs] for name, specs in kinds.items()}


def _search(field: str, text: str, filters: dict[str, list[str]]) -> Callable[[], Any]:
    from shuyuan.catalog.search import Field, SearchQuery, records, search

    query = SearchQuery(text, field=Field(field), filters=filters, limit=20)
    return lambda: records(search(query))
