"""MARC export: lossless in the import format, converted otherwise, with the current copies."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from shuyuan.catalog.exporting import ExportOptions, HoldingsMode, export_chunks
from shuyuan.catalog.importing import ImportOptions, queue_import, run_import
from shuyuan.catalog.marc import MarcFormat, Syntax, read_marc, to_bib
from shuyuan.catalog.models import ImportBatch, Record
from shuyuan.catalog.tests.marc_samples import UTF8_BLANK_LEADER_09, raw_records
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_collection, make_item, make_record

pytestmark = pytest.mark.django_db


# The sample's 5th record repeats the 4th's ISBN and title (BNU holds two records of one book): the
# import merges them, so the file the export must give back is the sample without it.
SAMPLE = b"".join(record for n, record in enumerate(raw_records(UTF8_BLANK_LEADER_09)) if n != 4)


@pytest.fixture
def imported(tmp_path):
    make_collection(make_branch(code="ZG", kind="central"), code="ZG-WJ")
    path = tmp_path / "bnu.iso"
    path.write_bytes(SAMPLE)
    batch = queue_import(
        ImportBatch.Kind.MARC, str(path), file_name="bnu.iso", options=ImportOptions(), dry_run=False, at=NOW, by=None
    )
    return run_import(batch, by=None, clock=lambda: NOW)


def exported(**options) -> bytes:
    return b"".join(export_chunks(Record.objects.all(), ExportOptions(**options)))


def test_exporting_in_the_import_format_gives_back_the_imported_file(imported):
    assert exported(holdings=HoldingsMode.SOURCE) == SAMPLE


def test_exported_records_carry_their_current_copies(imported):
    results = list(read_marc(io.BytesIO(exported())))
    barcodes = [h.barcode for r in results for h in to_bib(r.record, MarcFormat.CNMARC).holdings]
    assert sorted(barcodes) == ["1667201", "1667202", "1667203", "1683011", "1683012", "1683013", "1708903"]


def test_records_export_as_marc21_marcxml(imported):
    data = exported(marc_format=MarcFormat.MARC21, syntax=Syntax.MARCXML)
    results = list(read_marc(io.BytesIO(data)))
    assert len(results) == 9
    assert {r.marc_format for r in results} == {MarcFormat.MARC21}
    assert to_bib(results[0].record, MarcFormat.MARC21).title == "'94中国发展报告"


def test_a_record_kept_without_marc_is_exported_from_its_fields():
    record = make_record(title="醴陵县志", clc="K296.44", marc=b"")
    make_item(record, barcode="LL1")
    [result] = read_marc(io.BytesIO(exported()))
    bib = to_bib(result.record, MarcFormat.CNMARC)
    assert (bib.title, bib.clc, [h.barcode for h in bib.holdings]) == ("醴陵县志", "K296.44", ["LL1"])


def test_gb18030_export_reads_back(imported):
    results = list(read_marc(io.BytesIO(exported(encoding="gb18030"))))
    assert {r.encoding.value for r in results} == {"gb18030"}


def test_the_export_marc_command_writes_the_file(imported, tmp_path):
    out = tmp_path / "out.iso"
    call_command("export_marc", str(out), "--holdings", "source", stderr=io.StringIO())
    assert out.read_bytes() == SAMPLE
