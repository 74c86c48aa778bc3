"""The claim letter to a vendor (图书催缺函): the claimed order lines whose copies have not come, as a
PDF with the embedded CJK font, like the periodicals desk's letter to a supplier."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shuyuan.acquisitions.models import Vendor
from shuyuan.acquisitions.queries import ClaimedLine
from shuyuan.pdf import cjk_font


def claim_letter(vendor: Vendor, lines: list[ClaimedLine], *, library_name: str, day: date) -> bytes:
    """One letter to ``vendor`` listing each claimed line: order, line code, ISBN, title, copies
    ordered, received and still owed, and when it was last claimed."""
    font = cjk_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=1, spaceAfter=8 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    right = ParagraphStyle("right", fontName=font, fontSize=11, leading=18, alignment=2)
    heads = (
        _("Order"),
        _("Line"),
        "ISBN",
        _("Title"),
        _("Ordered"),
        _("Received"),
        _("Still owed"),
        _("Last claimed"),
    )
    rows: list[list[Any]] = [[Paragraph(h, cell) for h in heads]]
    for claimed in lines:
        line = claimed.line
        values = (
            line.order.number,
            f"L{line.pk}",
            line.isbn or "—",
            line.title,
            str(line.quantity - line.cancelled),
            str(line.received),
            str(claimed.outstanding),
            f"{claimed.last_claimed_at:%Y-%m-%d}",
        )
        rows.append([Paragraph(v, cell) for v in values])
    table = Table(rows, colWidths=[w * mm for w in (24, 14, 28, 50, 12, 12, 12, 22)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    heading = _("Claim for books ordered and not received")
    story = [
        Paragraph(heading, title_style),
        Paragraph(_("To %(vendor)s:") % {"vendor": vendor.name}, body),
        Spacer(1, 3 * mm),
        Paragraph(
            _(
                "The following books we ordered from you have not arrived, in whole or in part. "
                "Please send the copies still owed as soon as possible, or tell us why they cannot be supplied."
            ),
            body,
        ),
        Spacer(1, 5 * mm),
        table,
        Spacer(1, 12 * mm),
        Paragraph(library_name, right),
        Paragraph(f"{day.year}年{day.month}月{day.day}日", right),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, title=heading).build(story)
    return buffer.getvalue()
