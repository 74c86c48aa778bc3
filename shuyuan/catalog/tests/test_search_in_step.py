"""Every catalogue service that writes records, copies or old barcodes keeps the search index in step,
and what an import indexes is exactly what a rebuild from the database indexes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.items import relocate
from shuyuan.catalog.models import ImportBatch, Item, Record
from shuyuan.catalog.search import Field, SearchQuery, rebuild, search
from shuyuan.catalog.search.facets import Facet
from shuyuan.catalog.tests.marc_samples import GB18030, UTF8, UTF8_BLANK_LEADER_09, iso, marc21_record
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import empty_index, make_collection

pytestmark = pytest.mark.django_db

# The index's own tables on each engine, as queries whose rows compare (facet sets by their values:
# their ids are drawn afresh after a rebuild).
INDEX_TABLES = {
    "sqlite": {
        table: f"SELECT rowid, * FROM {table} ORDER BY rowid" for table in ("search_text", "search_grams", "search_ids")
    }
    | {"search_doc": "SELECT * FROM search_doc ORDER BY record_id"},
    "postgresql": {
        "search_doc": "SELECT * FROM search_doc ORDER BY record_id",
        "search_key": "SELECT * FROM search_key ORDER BY record_id, key",
        "search_gram": "SELECT g.token, g.record_id, g.mask, s.key FROM search_gram g "
        "JOIN search_facet_set s ON s.id = g.facet_set ORDER BY g.record_id, g.token",
    },
}


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()
    yield
    empty_index()  # the test that commits leaves rows that no rollback removes


@pytest.fixture
def collection():
    return make_collection(make_branch(code="ZG", kind="central"), code="ZG-WJ")


def import_bytes(tmp_path: Path, data: bytes, *, dry_run: bool = False, parallel: bool = False, **options: Any):
    path = tmp_path / f"upload-{len(list(tmp_path.iterdir()))}.iso"
    path.write_bytes(data)
    batch = queue_import(
        ImportBatch.Kind.MARC,
        str(path),
        file_name=path.name,
        options=ImportOptions(**options),
        dry_run=dry_run,
        at=NOW,
        by=None,
    )
    return run_import(batch, by=None, clock=lambda: NOW, parallel=parallel)


def found(text: str, field: Field = Field.KEYWORD) -> list[int]:
    return search(SearchQuery(text, field=field)).record_ids


def index_rows() -> dict[str, list[tuple[Any, ...]]]:
    rows = {}
    with connection.cursor() as cursor:
        for table, query in INDEX_TABLES[connection.vendor].items():
            cursor.execute(query)
            rows[table] = [tuple(str(value) for value in row) for row in cursor.fetchall()]
    return rows


def test_a_reimported_record_is_found_by_its_new_title(tmp_path, collection):
    import_bytes(tmp_path, iso(marc21_record("红楼梦")))
    import_bytes(tmp_path, iso(marc21_record("石头记")))
    assert found("石头记") == [Record.objects.get().pk]


def test_a_reimported_record_is_no_longer_found_by_its_old_title(tmp_path, collection):
    import_bytes(tmp_path, iso(marc21_record("红楼梦")))
    changed = marc21_record("石头记")
    import_bytes(tmp_path, iso(changed))
    assert found("红楼梦", Field.TITLE) == []


def test_a_copy_that_a_later_import_adds_is_found_by_its_barcode(tmp_path, collection):
    import_bytes(tmp_path, iso(marc21_record(f852=[("p", "B1")])))
    import_bytes(tmp_path, iso(marc21_record(f852=[("p", "B2")])))
    assert found("B2", Field.BARCODE) == [Record.objects.get().pk]


def test_a_record_stored_twice_in_one_batch_is_indexed_as_the_later_one(tmp_path, collection):
    import_bytes(tmp_path, iso(marc21_record("红楼梦")) + iso(marc21_record("石头记")))
    assert (found("石头记"), found("红楼梦", Field.TITLE)) == ([Record.objects.get().pk], [])


def test_the_old_barcode_of_a_converted_copy_finds_its_record(tmp_path, collection):
    path = tmp_path / "old.csv"
    path.write_text("题名,原条码\n湘绣艺术,OLD-7\n", encoding="utf-8")
    options = ImportOptions(mapping={"title": "题名", "old_barcode": "原条码"}, barcode_prefix="LL")
    batch = queue_import(
        ImportBatch.Kind.TABLE, str(path), file_name=path.name, options=options, dry_run=False, at=NOW, by=None
    )
    run_import(batch, by=None, clock=lambda: NOW)
    assert found("OLD-7", Field.OLD_BARCODE) == [Record.objects.get().pk]


def test_a_dry_run_indexes_nothing(tmp_path, collection):
    import_bytes(tmp_path, iso(marc21_record("红楼梦")), dry_run=True)
    assert index_rows() == {table: [] for table in INDEX_TABLES[connection.vendor]}


def test_an_import_indexes_exactly_what_a_rebuild_indexes(tmp_path, collection):
    data = UTF8_BLANK_LEADER_09.read_bytes() + UTF8.read_bytes() + iso(marc21_record(f852=[("p", "B")]))
    import_bytes(tmp_path, data)
    imported = index_rows()
    rebuild(clear=True)
    assert imported == index_rows()


@pytest.mark.django_db(transaction=True)
def test_an_import_that_reads_in_a_second_process_indexes_what_a_rebuild_indexes(tmp_path):
    make_collection(make_branch(code="ZG", kind="central"), code="ZG-WJ")
    import_bytes(tmp_path, GB18030.read_bytes() + iso(marc21_record(f852=[("p", "B")])), parallel=True)
    imported = index_rows()
    rebuild(clear=True)
    assert imported == index_rows()


def test_a_copy_moved_to_another_branch_for_good_is_counted_there(tmp_path, collection):
    import_bytes(tmp_path, iso(marc21_record(f852=[("p", "B1")])))
    studio = make_collection(make_branch(code="LL02"), code="LL02-HS")
    relocate(Item.objects.get(barcode="B1"), home_branch=studio.branch, collection=studio, at=NOW, by=None)
    facets = search(SearchQuery("红楼梦")).facets
    assert [value.value for value in facets[Facet.BRANCH]] == ["LL02"]
