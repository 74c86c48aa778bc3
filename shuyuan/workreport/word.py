"""The .docx: the library's Word template (or the default one made here), filled with docxtpl, then
every run given its East Asian font (``w:eastAsia``), which neither python-docx nor docxtpl's rich
text sets (python-docx issues 154 and 1139, docxtpl issue 507).

For whoever edits the template in Word or WPS: a tag (``{{ title }}``, ``{%p for a in activities %}``)
must stay in one piece. Word splits text into runs while you type; if a tag stops working, delete
it and type it again in one go, or paste it as plain text."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import Any

import jinja2
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from shuyuan.workreport import conf, context
from shuyuan.workreport.errors import Reason, WorkReportRefused

CHINESE_NUMERALS = "一二三四五六七八九十"
TAG = re.compile(r"\{[{%#].*?(?:[%}#]\}|$)")
DOCXTPL_PREFIX = re.compile(r"(\{[{%])\s*(?:p|tr|tc|r)\s")


def heading1(n: int, text: str) -> str:
    return f"{CHINESE_NUMERALS[n - 1]}、{text}"


def heading2(n: int, text: str) -> str:
    return f"（{CHINESE_NUMERALS[n - 1]}）{text}"


def _set_fonts(rpr_owner: Any, east_asia: str, latin: str) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _style(document: Any, name: str, font: str, size: int, *, bold: bool = False) -> None:
    style = document.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = None
    _set_fonts(style.element, font, conf.style()["latin_font"])


def default_template() -> bytes:
    """The template the system ships: the seed report's structure in GB/T 9704 house style."""
    return _default_template(get_language() or "")


@cache
def _default_template(language: str) -> bytes:
    house = conf.style()
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _style(document, "Normal", house["body_font"], house["body_size"])
    _style(document, "Title", house["title_font"], house["title_size"])
    _style(document, "Subtitle", house["heading2_font"], house["body_size"])
    _style(document, "Heading 1", house["heading1_font"], house["body_size"])
    _style(document, "Heading 2", house["heading2_font"], house["body_size"])
    _style(document, "Heading 3", house["heading3_font"], house["body_size"], bold=True)

    def para(text: str, style: str | None = None) -> None:
        paragraph = document.add_paragraph(text, style=style)
        if style in ("Title", "Subtitle"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif style is None and not text.startswith("{%"):
            paragraph.paragraph_format.first_line_indent = Pt(house["body_size"] * 2)

    def narrative(section: str) -> None:
        para(f"{{%p for para in narratives.{section} %}}")
        para("{{ para }}")
        para("{%p endfor %}")

    def table(header: list[str], loop: str, cells: list[str]) -> None:
        grid = document.add_table(rows=4, cols=len(header))
        grid.style = "Table Grid"
        for i, text in enumerate(header):
            grid.cell(0, i).text = text
        grid.cell(1, 0).text = f"{{%tr for row in {loop} %}}"
        for i, text in enumerate(cells):
            grid.cell(2, i).text = f"{{{{ row.{text} }}}}"
        grid.cell(3, 0).text = "{%tr endfor %}"

    para("{{ title }}", "Title")
    para("{{ period_text }}", "Subtitle")
    narrative("preface")
    para("{%p if empty %}")
    para("{{ empty_text }}")
    para("{%p endif %}")
    para(heading1(1, _("Study and education")), "Heading 1")
    narrative("study")
    para(heading1(2, _("Better services")), "Heading 1")
    para(heading2(1, _("Free opening")), "Heading 2")
    narrative("free_opening")
    para(heading2(2, _("New reader cards")), "Heading 2")
    para("{{ s.new_cards }}")
    table([_("service point"), _("how"), _("new cards")], "new_cards", ["name", "channel", "count"])
    para(heading2(3, _("Visits per window")), "Heading 2")
    para("{{ s.windows }}")
    table(
        [_("window"), _("visits"), _("same period last year"), _("change")],
        "windows",
        ["name", "visits", "before", "change"],
    )
    para("{{ charts.visits }}")
    para(heading2(4, _("Loans and returns")), "Heading 2")
    para("{{ s.circulation }}")
    para("{{ charts.circulation }}")
    narrative("services")
    para(heading1(3, _("New books and periodicals")), "Heading 1")
    para("{{ s.acquisitions }}")
    table([_("vendor"), _("city"), _("titles"), _("volumes")], "vendors", ["name", "city", "kinds", "volumes"])
    para(heading1(4, _("Reading promotion")), "Heading 1")
    narrative("promotion")
    para("{%p for a in activities %}")
    para("{{ a.number }}. {{ a.text }}")
    para("{%p endfor %}")
    para("{%p for o in openings %}")
    para("{{ o }}")
    para("{%p endfor %}")
    para(heading1(5, _("Study and training")), "Heading 1")
    para("{%p for t in trainings %}")
    para("{{ loop.index }}. {{ t }}")
    para("{%p endfor %}")
    para(heading1(6, _("Collecting local documents")), "Heading 1")
    para("{{ s.local_documents }}")
    para(heading1(7, _("Compared with the same period last year")), "Heading 1")
    para(_("The same period last year: %(period)s.") % {"period": "{{ before_text }}"})
    table(
        [_("figure"), _("unit"), _("this period"), _("same period last year"), _("change"), _("source")],
        "compared",
        ["label", "unit", "value", "before", "change", "source"],
    )
    para(heading1(8, _("Plan for the next period")), "Heading 1")
    narrative("plan")
    narrative("closing")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph_texts(content: bytes) -> list[str]:
    """The template's text, one line per paragraph (tables' cells included), in document order: the
    line numbers staff see when a tag is broken."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml")
    from lxml import etree

    root = etree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in root.iter(qn("w:p"))]


def check_template(content: bytes) -> None:
    """Refuse a template whose tags do not parse or that does not render, naming the line and the tag."""
    try:
        lines = _paragraph_texts(content)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WorkReportRefused(Reason.NOT_A_DOCX) from exc
    source = "\n".join(DOCXTPL_PREFIX.sub(r"\1 ", line) for line in lines)
    try:
        SandboxedEnvironment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        line = exc.lineno or 0
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        raise WorkReportRefused(
            Reason.BROKEN_TAG, line=line, tag=_broken_tag(text) or text[:60], problem=exc.message or ""
        ) from exc
    try:
        render(context.sample(), {}, content)
    except jinja2.TemplateError as exc:
        raise WorkReportRefused(Reason.BROKEN_TAG, line="?", tag="", problem=str(exc)) from exc


def _broken_tag(text: str) -> str:
    tags = TAG.findall(text)
    for tag in tags:
        try:
            SandboxedEnvironment().parse(DOCXTPL_PREFIX.sub(r"\1 ", tag) if tag.startswith("{{") else "")
        except jinja2.TemplateSyntaxError:
            return tag
    unclosed = [tag for tag in tags if not tag.endswith(("}}", "%}", "#}"))]
    return (unclosed or tags or [""])[0]


def render(values: dict[str, Any], images: dict[str, bytes], template: bytes | None = None) -> bytes:
    """Fill ``template`` (the default one when None) and set the East Asian font on every run."""
    document = DocxTemplate(io.BytesIO(template or default_template()))
    width = Mm(150)
    charts = {name: InlineImage(document, io.BytesIO(png), width=width) for name, png in images.items()}
    # An uploaded template is code: the sandbox refuses attribute tricks that would reach the server's objects.
    document.render({**values, "charts": charts}, jinja_env=SandboxedEnvironment(autoescape=True))
    out = io.BytesIO()
    document.save(out)
    return east_asian_fonts(out.getvalue())


def east_asian_fonts(content: bytes) -> bytes:
    """Give every run without one the East Asian font of its paragraph's style (headings in 黑体 /
    楷体, the title in 小标宋, the rest in 仿宋): a run the library set in Word keeps its font."""
    house = conf.style()
    by_style = {
        "Title": house["title_font"],
        "Heading1": house["heading1_font"],
        "Heading2": house["heading2_font"],
        "Heading3": house["heading3_font"],
    }
    document = Document(io.BytesIO(content))
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for root in parts:
        for paragraph in root.iter(qn("w:p")):
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            font = by_style.get(style.get(qn("w:val")) if style is not None else "", house["body_font"])
            for run in paragraph.iter(qn("w:r")):
                rpr = run.find(qn("w:rPr"))
                fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
                if fonts is None or not fonts.get(qn("w:eastAsia")):
                    if rpr is None:
                        rpr = OxmlElement("w:rPr")
                        run.insert(0, rpr)
                    if fonts is None:
                        fonts = OxmlElement("w:rFonts")
                        rpr.insert(0, fonts)
                    fonts.set(qn("w:eastAsia"), font)
                    fonts.set(qn("w:ascii"), fonts.get(qn("w:ascii")) or house["latin_font"])
                    fonts.set(qn("w:hAnsi"), fonts.get(qn("w:hAnsi")) or house["latin_font"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
