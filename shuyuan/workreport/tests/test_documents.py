"""The three files open, hold the sections and the numbers, and carry their fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from shuyuan.pdf import cjk_font
from shuyuan.visits import queries as visit_queries
from shuyuan.workreport import context
from shuyuan.workreport.tests.readback import (
    docx_runs_without_east_asian_font,
    docx_text,
    pdf_fonts,
    pdf_text,
    squeeze,
    xlsx_sheets,
)

pytestmark = pytest.mark.django_db
HEADINGS = (
    "一、开展学习教育",
    "二、完善服务",
    "（一）免费开放",
    "（二）读者办证",
    "（三）各窗口服务",
    "（四）文献借还",
    "三、新书采购和报刊订阅",
    "四、积极开展阅读推广活动",
    "五、学习和培训",
    "六、大力征集地方资料",
    "七、与上年同期比较",
    "八、下一阶段工作计划",
)


def test_every_run_of_the_docx_has_an_east_asian_font(files):
    assert docx_runs_without_east_asian_font(files.docx) == []


def test_the_docx_holds_every_section_and_the_period_s_figures(files, desk):
    text = docx_text(files.docx)
    assert [h for h in HEADINGS if h not in text] == []
    assert "纸质文献外借3册次、归还2册次" in text
    visits = visit_queries.total_visits(desk, files.content.period.first, files.content.period.last)
    assert f"外借处流通读者{visits}人次" in text


def test_the_pdf_holds_every_section_and_the_period_s_figures(files):
    text = squeeze(pdf_text(files.pdf))
    assert [h for h in HEADINGS if h not in text] == []
    assert "纸质文献外借3册次、归还2册次" in text


def test_the_pdf_embeds_every_font_it_uses(files):
    fonts = pdf_fonts(files.pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts)


def test_the_pdf_font_has_a_glyph_for_every_character_of_the_report(files):
    face = pdfmetrics.getFont(cjk_font()).face
    strings: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    collect(context.values(files.content))
    missing = {c for text in strings for c in text if not c.isspace() and ord(c) not in face.charToGlyph}
    assert missing == set()


def test_the_workbook_holds_the_tables_behind_the_report(files):
    sheets = xlsx_sheets(files.xlsx)
    assert {"概况", "办证", "各窗口服务", "文献借还", "新书采购", "阅读推广活动", "学习和培训", "地方文献"} <= set(
        sheets
    )
    loans = {row[0]: row[1] for row in sheets["文献借还"]}
    assert (loans["纸质文献外借册次"], loans["纸质文献归还册次"]) == (3, 2)


def test_the_files_open_as_what_their_names_say(files, tmp_path: Path):
    assert files.docx[:2] == b"PK" and files.xlsx[:2] == b"PK" and files.pdf[:5] == b"%PDF-"
