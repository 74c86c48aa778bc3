"""Reading the report's three files back as a person would: the .docx with python-docx, the .xlsx with
openpyxl, the .pdf with pdftotext (poppler)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook


def docx_text(data: bytes) -> str:
    """Every paragraph of the body (tables' cells included), one per line."""
    root = Document(io.BytesIO(data)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in root.iter(qn("w:p")))


def docx_tables(data: bytes) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(io.BytesIO(data)).tables]


def docx_runs_without_east_asian_font(data: bytes) -> list[str]:
    root = Document(io.BytesIO(data)).element.body
    missing = []
    for run in root.iter(qn("w:r")):
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is None or not fonts.get(qn("w:eastAsia")):
            missing.append("".join(t.text or "" for t in run.iter(qn("w:t"))))
    return missing


def xlsx_sheets(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def _with_file(data: bytes, command: list[str]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(data)
        return subprocess.run([*command, str(path), *([] if command[0] == "pdffonts" else ["-"])],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip


def pdf_text(data: bytes) -> str:
    return _with_file(data, ["pdftotext", "-enc", "UTF-8"])


def pdf_fonts(data: bytes) -> list[dict[str, str]]:
    """pdffonts' table: name, type, embedded (emb) and subset (sub) of each font."""
    lines = _with_file(data, ["pdffonts"]).splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type [encoding words…] emb sub uni object-number generation
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def squeeze(text: str) -> str:
    """The text without line breaks and spaces the PDF's line wrapping put in (numbers are then
    compared without their thousands spaces)."""
    return "".join(text.split())
