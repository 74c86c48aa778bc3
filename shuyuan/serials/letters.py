"""Printed papers of the periodicals desk: the claim letter to a supplier (缺期催询函) and the
subscription list handed to the post office (报刊订阅清单), as PDFs with an embedded CJK font."""

import io
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shuyuan.pdf import cjk_font
from shuyuan.serials.models import Claim, Issue


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=1, spaceAfter=8 * mm),
        "body": ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK"),
        "right": ParagraphStyle("right", fontName=font, fontSize=11, leading=18, alignment=2),
    }


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _build(story: list[Any], title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=title)
    doc.build(story)
    return buffer.getvalue()


def claim_letter(claim: Claim, *, library_name: str, at: datetime | None = None) -> bytes:
    """One letter to the claim's supplier listing the issues that did not arrive."""
    s = _styles()
    issues = claim.issues.select_related("subscription").order_by(
        "subscription__postal_code", "subscription__title", "sequence"
    )
    rows: list[list[Any]] = [
        [
            Paragraph(_("Postal code"), s["cell"]),
            Paragraph(_("Title"), s["cell"]),
            Paragraph(_("CN number"), s["cell"]),
            Paragraph(_("Issue"), s["cell"]),
            Paragraph(_("Expected on"), s["cell"]),
            Paragraph(_("Copies"), s["cell"]),
            Paragraph(_("Claim"), s["cell"]),
        ]
    ]
    for issue in issues:
        sub = issue.subscription
        rows.append(
            [
                Paragraph(sub.postal_code or "—", s["cell"]),
                Paragraph(sub.title, s["cell"]),
                Paragraph(sub.cn or sub.issn, s["cell"]),
                Paragraph(issue.label, s["cell"]),
                Paragraph(f"{issue.expected_on:%Y-%m-%d}", s["cell"]),
                Paragraph(str(sub.copies), s["cell"]),
                Paragraph(str(issue.claim_count), s["cell"]),
            ]
        )
    day = timezone.localdate(at or claim.created_at)
    title = _("Claim for missing periodical issues")
    story = [
        Paragraph(title, s["title"]),
        Paragraph(_("To %(supplier)s:") % {"supplier": claim.supplier.name}, s["body"]),
        Spacer(1, 3 * mm),
        Paragraph(
            _(
                "The following issues of the periodicals we subscribe to through you have not arrived. "
                "Please look into it and send them to us as soon as possible."
            ),
            s["body"],
        ),
        Spacer(1, 5 * mm),
        _table(rows, [20, 42, 28, 38, 22, 12, 12]),
        Spacer(1, 12 * mm),
        Paragraph(library_name, s["right"]),
        Paragraph(f"{day.year}年{day.month}月{day.day}日", s["right"]),
    ]
    return _build(story, title)


def subscription_list(sheets: list[dict[str, Any]], *, year: int, library_name: str) -> bytes:
    """Per supplier, the titles subscribed for ``year`` with copies and amounts, and the total."""
    s = _styles()
    title = _("Periodical subscription list for %(year)s") % {"year": year}
    story: list[Any] = []
    for n, sheet in enumerate(sheets):
        if n:
            story.append(PageBreak())
        story += [
            Paragraph(title, s["title"]),
            Paragraph(
                _("Subscriber: %(library)s    Supplier: %(supplier)s")
                % {"library": library_name, "supplier": sheet["supplier"].name},
                s["body"],
            ),
            Spacer(1, 4 * mm),
        ]
        rows: list[list[Any]] = [
            [
                Paragraph(h, s["cell"])
                for h in (
                    _("Postal code"),
                    _("Title"),
                    _("CN number"),
                    _("Frequency"),
                    _("Copies"),
                    _("Price for the year"),
                    _("Amount"),
                )
            ]
        ]
        for line in sheet["lines"]:
            sub = line["subscription"]
            rows.append(
                [
                    Paragraph(v, s["cell"])
                    for v in (
                        sub.postal_code or "—",
                        sub.title,
                        sub.cn or sub.issn,
                        str(sub.get_frequency_display()),
                        str(sub.copies),
                        f"{sub.price:.2f}",
                        f"{line['amount']:.2f}",
                    )
                ]
            )
        rows.append(
            [
                Paragraph(v, s["cell"])
                for v in (
                    _("Total"),
                    _("%(n)s titles") % {"n": len(sheet["lines"])},
                    "",
                    "",
                    str(sheet["copies"]),
                    "",
                    f"{sheet['total']:.2f}",
                )
            ]
        )
        story.append(_table(rows, [18, 50, 28, 18, 12, 24, 24]))
    if not story:
        story.append(Paragraph(title, s["title"]))
    return _build(story, title)


def claimed_issues(claim: Claim) -> list[Issue]:
    return list(claim.issues.select_related("subscription").order_by("subscription__title", "sequence"))
