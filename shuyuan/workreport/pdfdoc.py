"""The PDF of the report: the same sections, sentences, tables and charts as the .docx, in the
embedded CJK font (``shuyuan.pdf.cjk_font()``), A4 with GB/T 9704's margins, CJK line breaking."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shuyuan.pdf import cjk_font
from shuyuan.workreport.word import heading1, heading2

BODY = 12


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    # One embedded face: bold and italic map to it (reportlab needs the mapping to find them).
    pdfmetrics.registerFontFamily(font, normal=font, bold=font, italic=font, boldItalic=font)
    base = ParagraphStyle("body", fontName=font, fontSize=BODY, leading=BODY * 1.6, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", base, alignment=TA_CENTER, spaceAfter=12),
        "h1": ParagraphStyle("h1", base, fontSize=14, leading=24, spaceBefore=10),
        "h2": ParagraphStyle("h2", base, fontSize=13, leading=22, spaceBefore=6),
        "body": ParagraphStyle("body", base, firstLineIndent=BODY * 2),
        "cell": ParagraphStyle("cell", base, fontSize=10, leading=14),
    }


def _table(header: list[str], rows: list[list[Any]], styles: dict[str, ParagraphStyle]) -> Table:
    data = [[Paragraph(escape(str(cell)), styles["cell"]) for cell in row] for row in [header, *rows]]
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), cjk_font()),  # the table's own default is Helvetica
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _page_number(canvas: Any, document: Any) -> None:
    """GB/T 9704: the page number under the text, as "— 1 —"."""
    canvas.saveState()
    canvas.setFont(cjk_font(), 11)
    canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {document.page} —")
    canvas.restoreState()


def render(values: dict[str, Any], images: dict[str, bytes]) -> bytes:
    styles = _styles()
    story: list[Any] = []

    def p(text: str, style: str = "body") -> None:
        story.append(Paragraph(escape(text), styles[style]))

    def narrative(section: str) -> None:
        for para in values["narratives"][section]:
            p(para)

    def chart(name: str) -> None:
        story.append(Image(io.BytesIO(images[name]), width=150 * mm, height=80 * mm))

    s = values["s"]
    p(values["title"], "title")
    p(values["period_text"], "subtitle")
    narrative("preface")
    if values["empty"]:
        p(values["empty_text"])
    p(heading1(1, _("Study and education")), "h1")
    narrative("study")
    p(heading1(2, _("Better services")), "h1")
    p(heading2(1, _("Free opening")), "h2")
    narrative("free_opening")
    p(heading2(2, _("New reader cards")), "h2")
    p(s["new_cards"])
    story.append(
        _table(
            [_("service point"), _("how"), _("new cards")],
            [[r["name"], r["channel"], r["count"]] for r in values["new_cards"]],
            styles,
        )
    )
    p(heading2(3, _("Visits per window")), "h2")
    p(s["windows"])
    story.append(
        _table(
            [_("window"), _("visits"), _("same period last year"), _("change")],
            [[w["name"], w["visits"], w["before"], w["change"]] for w in values["windows"]],
            styles,
        )
    )
    chart("visits")
    p(heading2(4, _("Loans and returns")), "h2")
    p(s["circulation"])
    chart("circulation")
    narrative("services")
    p(heading1(3, _("New books and periodicals")), "h1")
    p(s["acquisitions"])
    story.append(
        _table(
            [_("vendor"), _("city"), _("titles"), _("volumes")],
            [[v["name"], v["city"], v["kinds"], v["volumes"]] for v in values["vendors"]],
            styles,
        )
    )
    p(heading1(4, _("Reading promotion")), "h1")
    narrative("promotion")
    for activity in values["activities"]:
        p(f"{activity['number']}. {activity['text']}")
    for opening in values["openings"]:
        p(opening)
    p(heading1(5, _("Study and training")), "h1")
    for n, training in enumerate(values["trainings"], start=1):
        p(f"{n}. {training}")
    p(heading1(6, _("Collecting local documents")), "h1")
    p(s["local_documents"])
    p(heading1(7, _("Compared with the same period last year")), "h1")
    p(_("The same period last year: %(period)s.") % {"period": values["before_text"]})
    story.append(
        _table(
            [_("figure"), _("unit"), _("this period"), _("same period last year"), _("change"), _("source")],
            [[c["label"], c["unit"], c["value"], c["before"], c["change"], c["source"]] for c in values["compared"]],
            styles,
        )
    )
    p(heading1(8, _("Plan for the next period")), "h1")
    narrative("plan")
    story.append(Spacer(1, 6))
    narrative("closing")
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=values["title"],
        author=values["library"],
        initialFontName=cjk_font(),  # else every page names Helvetica, which is not embedded
    )
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()
