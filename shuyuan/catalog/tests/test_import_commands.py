"""The import and export commands: a summary line, a CSV report, reading in a second process."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.catalog_import.generator import write_marc
from shuyuan.catalog.models import Item, Record
from shuyuan.catalog.tests.marc_samples import UTF8, raw_records
from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import make_collection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def central():
    branch = make_branch(code="LL01", kind="central")
    for code in ("WJ", "SE", "YL", "DF", "QK", "ST"):
        make_collection(branch, code=f"LL01-{code}")
    return branch


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_marc_prints_one_summary_line_per_file(tmp_path, central):
    path = tmp_path / "county.iso"
    records, items = write_marc(path, 120, crlf=True, encoding="gb18030")
    summary = run("import_marc", str(path))
    assert f"读取 {records} 条，新增 {records} 条" in summary
    assert (Record.objects.count(), Item.objects.count()) == (records, items)


def test_import_marc_writes_every_bad_record_to_the_report(tmp_path, central):
    data = raw_records(UTF8)
    path, report = tmp_path / "bad.iso", tmp_path / "report.csv"
    path.write_bytes(data[0] + data[1][:300] + data[2])
    run("import_marc", str(path), "--report", str(report))
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig")))
    skipped = [row for row in rows if row["skipped"]]
    assert [(row["number"], row["offset"], row["reason"]) for row in skipped] == [("2", str(len(data[0])), "truncated")]


def test_a_dry_run_from_the_command_stores_nothing(tmp_path, central):
    path = tmp_path / "county.iso"
    write_marc(path, 30)
    assert "（试运行，未写入）" in run("import_marc", str(path), "--dry-run")
    assert not Record.objects.exists()


def test_an_unknown_default_collection_fails_the_import_with_its_reason(tmp_path, central):
    path = tmp_path / "county.iso"
    write_marc(path, 5)
    with pytest.raises(CommandError, match="NOPE"):
        run("import_marc", str(path), "--collection", "NOPE")


def test_import_old_catalog_maps_guessed_columns_and_assigns_new_barcodes(tmp_path, central):
    path = tmp_path / "old.csv"
    path.write_text("题名,责任者,原条码\n醴陵县志,醴陵县志编纂委员会编,000123\n", encoding="utf-8")
    run("import_old_catalog", str(path), "--barcode-prefix", "LL")
    item = Item.objects.get()
    assert (item.barcode, item.old_barcodes.get().barcode) == ("LL00000001", "000123")


def test_import_marc_into_a_bare_install_says_once_that_the_copies_were_not_placed(tmp_path):
    path = tmp_path / "bnu.iso"
    path.write_bytes(UTF8.read_bytes())
    output = run("import_marc", str(path), "--batch-size", "3")
    assert output.count("单册未入藏") == 1
    assert "--branch、--collection" in output


def test_import_marc_refuses_a_file_of_random_bytes(tmp_path, central):
    path = tmp_path / "noise.iso"
    path.write_bytes(bytes(range(256)) * 80)
    with pytest.raises(CommandError, match="不是 MARC 文件"):
        run("import_marc", str(path))


def test_the_import_report_neutralises_a_detail_that_starts_like_a_formula(tmp_path, central):
    from shuyuan.catalog.management.commands.import_marc import write_report
    from shuyuan.catalog.models import ImportBatch
    from shuyuan.testing.branches import NOW

    batch = ImportBatch.objects.create(kind="marc", file_name="x.iso", path="x", created_at=NOW)
    batch.problems.create(number=1, reason="bad_isbn", detail='=HYPERLINK("http://x")')
    write_report(batch, tmp_path / "report.csv")
    assert "'=HYPERLINK" in (tmp_path / "report.csv").read_text(encoding="utf-8-sig")
