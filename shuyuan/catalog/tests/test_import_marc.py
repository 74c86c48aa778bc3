"""Importing MARC files into records and items: matching, copies, bad records, dry runs, batches."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from shuyuan import numbering
from shuyuan.audit.models import AuditEntry
from shuyuan.catalog.errors import Reason
from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.marc import MarcFormat, Problem
from shuyuan.catalog.models import ImportBatch, Item, Record
from shuyuan.catalog.tests.marc_samples import GB18030, UTF8, UTF8_BLANK_LEADER_09, iso, marc21_record, raw_records
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_collection, make_item
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection():
    return make_collection(make_branch(code="ZG", kind="central"), code="ZG-WJ")


def import_bytes(tmp_path: Path, data: bytes, *, dry_run: bool = False, **options) -> ImportBatch:
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
    return run_import(batch, by=None, clock=lambda: NOW)


def reasons(batch: ImportBatch) -> list[str]:
    return [problem.reason for problem in batch.problems.all()]


def test_the_cnmarc_sample_becomes_records_and_its_copies_items(tmp_path, collection):
    batch = import_bytes(tmp_path, UTF8_BLANK_LEADER_09.read_bytes())
    assert (batch.status, batch.records_read, batch.items_created) == ("done", 10, 7)
    assert Record.objects.filter(title="'94中国发展报告", publisher="中国统计出版社").exists()
    assert set(Item.objects.values_list("call_number", flat=True)) == {"F124/26"}


def test_a_record_sharing_isbn_and_title_with_an_earlier_one_updates_it(tmp_path, collection):
    batch = import_bytes(tmp_path, UTF8.read_bytes())
    assert (batch.records_created, batch.records_updated) == (9, 1)


def test_reimporting_the_same_file_updates_instead_of_duplicating(tmp_path, collection):
    import_bytes(tmp_path, UTF8.read_bytes())
    again = import_bytes(tmp_path, GB18030.read_bytes())
    assert (again.records_created, again.records_updated) == (0, 10)
    assert (Record.objects.count(), Item.objects.count()) == (9, 7)


def test_a_record_matches_on_isbn_and_title_when_its_control_number_is_new(tmp_path, collection):
    import_bytes(tmp_path, iso(marc21_record()))
    changed = marc21_record()
    changed["001"].data = "OTHER-SYSTEM-7"
    batch = import_bytes(tmp_path, iso(changed))
    assert (batch.records_updated, Record.objects.get().control_number) == (1, "OTHER-SYSTEM-7")


def test_the_source_marc_is_kept_as_imported(tmp_path, collection):
    import_bytes(tmp_path, UTF8_BLANK_LEADER_09.read_bytes())
    record = Record.objects.get(control_number="990002180740203961")
    assert bytes(record.marc) == raw_records(UTF8_BLANK_LEADER_09)[0]


def test_a_duplicate_barcode_is_refused_and_the_record_still_imported(tmp_path, collection):
    make_item(barcode="1683012", collection=collection)
    batch = import_bytes(tmp_path, UTF8.read_bytes())
    problem = batch.problems.get(reason=Reason.DUPLICATE_BARCODE)
    assert (problem.number, problem.skipped, "1683012" in problem.detail) == (1, False, True)
    assert Record.objects.filter(control_number="990002180740203961").exists()


def test_the_same_barcode_twice_in_a_file_is_refused_the_second_time(tmp_path, collection):
    first = marc21_record("甲", f852=[("p", "B1")])
    second = marc21_record("乙", f852=[("p", "B1")])
    second["001"].data = "M21-2"
    second.remove_fields("020")
    batch = import_bytes(tmp_path, iso(first) + iso(second))
    assert reasons(batch) == [Reason.BARCODE_TWICE_IN_FILE]
    assert Item.objects.get(barcode="B1").record.title == "甲"


def test_a_bad_record_is_reported_with_number_and_offset_and_the_rest_imported(tmp_path, collection):
    records = raw_records(UTF8)
    data = records[0] + records[1][:300] + b"".join(records[2:])
    batch = import_bytes(tmp_path, data)
    problem = batch.problems.get(skipped=True)
    assert (problem.number, problem.offset, problem.reason) == (2, len(records[0]), Problem.TRUNCATED)
    assert (batch.records_skipped, Record.objects.count()) == (1, 8)


def test_a_record_without_a_title_is_skipped_and_reported(tmp_path, collection):
    untitled = marc21_record()
    untitled.remove_fields("245")
    batch = import_bytes(tmp_path, iso(untitled) + iso(marc21_record("有题名")))
    assert (reasons(batch), batch.records_skipped, Record.objects.get().title) == ([Problem.NO_TITLE], 1, "有题名")


def test_an_invalid_isbn_is_kept_flagged_and_listed(tmp_path, collection):
    record = marc21_record()
    record["020"].subfields[0] = record["020"].subfields[0]._replace(value="9787020002208")
    batch = import_bytes(tmp_path, iso(record))
    stored = Record.objects.get()
    assert (stored.isbn, stored.isbn_is_valid, reasons(batch)) == ("9787020002208", False, [Problem.INVALID_ISBN])


def test_copies_take_branch_collection_and_item_type_from_the_codes_in_the_file(tmp_path, collection):
    children = make_collection(make_branch(code="LL02"), code="LL02-SE")
    record = marc21_record(f952=[("a", "LL02"), ("8", "LL02-SE"), ("y", "CHILD"), ("p", "K1"), ("g", "18.50")])
    import_bytes(tmp_path, iso(record))
    item = Item.objects.get(barcode="K1")
    assert (item.home_branch.code, item.collection, item.item_type.code, str(item.price)) == (
        "LL02",
        children,
        "CHILD",
        "18.50",
    )


def test_an_unknown_branch_code_is_reported_once_and_the_default_used(tmp_path, collection):
    records = [marc21_record(f"书{n}", f952=[("a", "NOWHERE"), ("p", f"U{n}")]) for n in range(3)]
    for n, record in enumerate(records):
        record["001"].data = f"U-{n}"
        record.remove_fields("020")
    batch = import_bytes(tmp_path, b"".join(iso(record) for record in records))
    assert reasons(batch) == [Reason.UNKNOWN_BRANCH]
    assert set(Item.objects.values_list("home_branch__code", flat=True)) == {"ZG"}


def test_a_dry_run_reports_what_would_happen_and_stores_nothing(tmp_path, collection):
    batch = import_bytes(tmp_path, UTF8.read_bytes(), dry_run=True)
    assert (batch.records_created, batch.records_updated, batch.items_created) == (9, 1, 7)
    assert (Record.objects.count(), Item.objects.count()) == (0, 0)


def test_an_import_commits_in_short_batches(tmp_path, collection):
    import_bytes(tmp_path, UTF8.read_bytes(), batch_size=3)
    assert AuditEntry.objects.filter(action="catalog.import_records").count() == 4


def test_the_format_can_be_forced_for_a_whole_file(tmp_path, collection):
    batch = import_bytes(tmp_path, UTF8.read_bytes(), marc_format="marc21")
    # Read as MARC21, CNMARC records have no 245: each is reported as having no title.
    assert (batch.records_skipped, set(reasons(batch))) == (10, {Problem.NO_TITLE})


def test_without_any_branch_or_collection_the_records_are_still_imported(tmp_path):
    batch = import_bytes(tmp_path, UTF8.read_bytes())
    assert (batch.status, batch.records_created, batch.records_skipped, Item.objects.count()) == ("done", 9, 0, 0)


def test_without_any_branch_or_collection_the_unplaced_copies_are_reported_once_with_what_is_missing(tmp_path):
    batch = import_bytes(tmp_path, UTF8.read_bytes(), batch_size=3)
    assert [(p.reason, p.detail, p.skipped) for p in batch.problems.all()] == [
        (Reason.NO_DEFAULTS, "分馆、馆藏", False)
    ]


def test_the_copies_not_placed_are_added_by_importing_the_file_again_once_a_collection_exists(tmp_path):
    import_bytes(tmp_path, UTF8.read_bytes())
    make_collection(make_branch(code="ZG", kind="central"), code="ZG-WJ")
    again = import_bytes(tmp_path, UTF8.read_bytes())
    assert (again.records_created, Record.objects.count(), Item.objects.count()) == (0, 9, 7)


def test_a_file_of_random_bytes_is_refused_as_not_marc(tmp_path, collection):
    noise = random.Random(12).randbytes(20_000)
    batch = import_bytes(tmp_path, noise)
    assert (batch.status, reasons(batch), Record.objects.count()) == ("failed", [Problem.NOT_MARC], 0)


def test_the_refusal_of_a_file_that_is_not_marc_says_so_in_chinese(tmp_path, collection):
    batch = import_bytes(tmp_path, random.Random(12).randbytes(20_000))
    assert "不是 MARC 文件" in batch.error


def test_the_details_of_a_bad_record_are_in_chinese(tmp_path, collection):
    good = iso(marc21_record())
    bad = good[:10] + "é".encode() + good[12:]
    batch = import_bytes(tmp_path, good + bad)
    assert [p.detail for p in batch.problems.all()] == ["记录头标区中有非 ASCII 字节"]


def test_imported_records_keep_their_format(tmp_path, collection):
    import_bytes(tmp_path, UTF8.read_bytes() + iso(marc21_record()))
    formats = set(Record.objects.values_list("marc_format", flat=True))
    assert formats == {MarcFormat.CNMARC.value, MarcFormat.MARC21.value}


def test_records_without_copies_import_before_any_collection_exists(tmp_path):
    batch = import_bytes(tmp_path, iso(marc21_record()))
    assert (batch.status, Record.objects.count()) == ("done", 1)


def test_where_a_marcxml_file_is_malformed_is_said_in_chinese(tmp_path, collection):
    batch = import_bytes(tmp_path, b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>')
    assert [p.detail.split("：")[0] for p in batch.problems.all()] == ["第 1 行第 67 列"]


def test_an_imported_barcode_in_the_card_form_is_refused(tmp_path, collection):
    card = numbering.card_form().format(5)
    batch = import_bytes(tmp_path, iso(marc21_record("甲", f852=[("p", card)])))
    assert (reasons(batch), Item.objects.filter(barcode=card).exists()) == ([Reason.BARCODE_IS_CARD], False)


def test_an_imported_barcode_that_is_a_readers_old_card_is_refused(tmp_path, collection):
    make_patron(card_number="B1", is_legacy_card=True)
    batch = import_bytes(tmp_path, iso(marc21_record("甲", f852=[("p", "B1")])))
    assert reasons(batch) == [Reason.BARCODE_IS_CARD]
