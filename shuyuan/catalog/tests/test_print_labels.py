"""Barcode and spine labels: rendered to PDF, turned into pictures by pdftoppm and read back by zbarimg,
as a scanner at the desk would read them."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from shuyuan.catalog import labels
from shuyuan.catalog.conf import LabelSheet
from shuyuan.catalog.errors import CatalogRefused
from shuyuan.catalog.models import Item, LabelPrint
from shuyuan.catalog.queries_cataloguing import work_queue
from shuyuan.catalog.services_cataloguing import note_labels_printed
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_item

A4_4X10 = LabelSheet("a4", 210, 297, rows=10, columns=4, margin_top_mm=13.5, margin_left_mm=7, gap_x_mm=2.5)
ROLL = LabelSheet("roll", 50, 30, rows=1, columns=1)


def decoded(pdf: bytes, folder: Path, page: int = 1) -> list[str]:
    (folder / "labels.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-f", str(page), "-l", str(page), "-png", "labels.pdf", "page"],
                   cwd=folder, check=True)  # fmt: skip
    image = next(folder.glob("page-*.png"))
    found = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    return sorted(found.stdout.split())


def pdf_text(pdf: bytes, folder: Path) -> str:
    (folder / "text.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "text.pdf", "-"], cwd=folder, capture_output=True, text=True).stdout


def render(codes, **kwargs):
    kwargs.setdefault("kind", labels.Kind.BARCODE)
    kwargs.setdefault("sheet", A4_4X10)
    kwargs.setdefault("library_name", "湘乡市图书馆")
    return labels.render([labels.Label(code, f"I247.5/{n}:2") for n, code in enumerate(codes, 1)], **kwargs)


def test_every_barcode_on_an_a4_sheet_is_read_by_a_barcode_decoder(tmp_path):
    codes = [f"LL{n:08d}" for n in range(1, 41)]
    assert decoded(render(codes), tmp_path) == codes


def test_letters_and_digits_of_old_barcodes_are_read_back(tmp_path):
    codes = ["A0012345", "XX-2016-7", "0000123"]
    assert decoded(render(codes), tmp_path) == sorted(codes)


def test_a_roll_printer_gets_one_label_a_page(tmp_path):
    pdf = render(["LL00000001", "LL00000002"], sheet=ROLL)
    assert b"/Count 2" in pdf
    assert decoded(pdf, tmp_path, page=2) == ["LL00000002"]


def test_a_barcode_label_carries_the_librarys_name(tmp_path):
    assert "湘乡市图书馆" in pdf_text(render(["LL00000001"]), tmp_path)


def test_a_spine_label_carries_class_book_number_and_volume_on_their_lines(tmp_path):
    text = pdf_text(render(["LL00000001"], kind=labels.Kind.SPINE), tmp_path)
    assert [line for line in text.split() if line] == ["I247.5", "1", ":2"]


def test_printing_can_start_at_any_cell_of_a_partly_used_sheet(tmp_path):
    codes = [f"LL{n:08d}" for n in range(1, 41)]
    assert decoded(render(codes, start=39), tmp_path) == codes[:2]


@pytest.mark.django_db
def test_printing_for_nothing_is_refused_in_chinese():
    with pytest.raises(CatalogRefused) as refused:
        note_labels_printed([], ["barcode"], at=NOW, by=None)
    with translation.override("zh-hans"):
        assert str(refused.value.reason.label) == "没有选择任何单册，无法打印标签"


@pytest.mark.django_db
def test_the_labels_command_prints_the_work_queues_copies_and_notes_them(tmp_path):
    item = make_item(status=Item.Status.IN_PROCESSING, call_number="I247.5/7")
    call_command("labels", str(tmp_path / "out.pdf"), "--queue", "--kind", "barcode")
    assert decoded((tmp_path / "out.pdf").read_bytes(), tmp_path) == [item.barcode]
    assert [entry.next_step for entry in work_queue()] == ["shelve"]
    assert LabelPrint.objects.filter(item=item).count() == 1


@pytest.mark.django_db
def test_the_labels_command_refuses_an_empty_selection(tmp_path):
    with translation.override("zh-hans"), pytest.raises(CommandError, match="没有选择任何单册"):
        call_command("labels", str(tmp_path / "out.pdf"), "--queue")
