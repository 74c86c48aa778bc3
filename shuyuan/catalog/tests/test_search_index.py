"""The index stays in step with the catalogue: updates, removals, rebuilds and imports."""

import io

import pytest
from django.core.management import call_command

from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.models import ImportBatch, Record
from shuyuan.catalog.search import SearchQuery, index_records, rebuild, remove_records, search
from shuyuan.catalog.search.backends import backend
from shuyuan.catalog.tests.marc_samples import UTF8_BLANK_LEADER_09, raw_records
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import empty_index, make_collection, make_item, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()


def found(text: str) -> list[int]:
    return search(SearchQuery(text)).record_ids


def test_a_record_is_found_by_its_new_title_once_reindexed():
    record = make_record("红楼梦", index=True)
    Record.objects.filter(pk=record.pk).update(title="石头记")
    index_records([record.pk])
    assert found("石头记") == [record.pk]


def test_a_record_is_no_longer_found_by_its_old_title_once_reindexed():
    record = make_record("红楼梦", index=True)
    Record.objects.filter(pk=record.pk).update(title="石头记")
    index_records([record.pk])
    assert found("红楼梦") == []


def test_a_removed_record_is_not_found():
    record = make_record("红楼梦", index=True)
    remove_records([record.pk])
    assert found("红楼梦") == []


def test_indexing_a_deleted_record_removes_it():
    record = make_record("红楼梦", index=True)
    Record.objects.filter(pk=record.pk).delete()
    index_records([record.pk])
    assert backend().indexed_count() == 0


def test_a_new_item_is_found_by_its_barcode():
    record = make_record("红楼梦", index=True)
    make_item(record, "LL00000001", index=True)
    assert found("LL00000001") == [record.pk]


def test_indexing_twice_keeps_one_entry():
    record = make_record("红楼梦", index=True)
    index_records([record.pk, record.pk])
    index_records([record.pk])
    assert search(SearchQuery("红楼梦")).total == 1


def test_a_rebuild_indexes_records_that_were_stored_without_the_index():
    record = make_record("红楼梦", index=False)
    rebuild()
    assert found("红楼梦") == [record.pk]


def test_a_rebuild_drops_entries_of_records_that_are_gone():
    record = make_record("红楼梦", index=True)
    Record.objects.filter(pk=record.pk).delete()
    rebuild()
    assert backend().indexed_count() == 0


def test_the_rebuild_command_says_how_many_records_it_indexed():
    make_record("红楼梦", index=False)
    out = io.StringIO()
    call_command("rebuild_search_index", "--clear", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("search index rebuilt: 1 records")


def test_records_imported_through_the_catalogue_service_are_found(tmp_path):
    make_collection(make_branch(code="ZG", kind="central"), code="ZG-WJ")
    path = tmp_path / "bnu.iso"
    path.write_bytes(b"".join(raw_records(UTF8_BLANK_LEADER_09)))
    batch = queue_import(
        ImportBatch.Kind.MARC, str(path), file_name="bnu.iso", options=ImportOptions(), dry_run=False, at=NOW, by=None
    )
    run_import(batch, by=None, clock=lambda: NOW)
    titled = set(Record.objects.filter(title__contains="中国发展报告").values_list("pk", flat=True))
    assert titled and titled <= set(found("中国发展报告"))
