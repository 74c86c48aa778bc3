"""The reader card as a PDF (CR80, 85.6 × 54 mm): the library's name, the reader's name, the card
number as a Code 128 barcode and in text. No ID number and no birth date are printed."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from shuyuan.branches.models import Library
from shuyuan.patrons.models import Patron
from shuyuan.pdf import cjk_font

CARD_SIZE = (85.6 * mm, 54 * mm)


def card_pdf(patron: Patron) -> bytes:
    font = cjk_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=CARD_SIZE)
    pdf.setTitle(_("Reader card"))
    width, height = CARD_SIZE
    library = Library.objects.filter(pk=patron.home_branch.library_id).first()
    pdf.setFont(font, 11)
    pdf.drawCentredString(width / 2, height - 9 * mm, library.name if library else patron.home_branch.name)
    pdf.setFont(font, 9)
    pdf.drawCentredString(width / 2, height - 14 * mm, _("Reader card"))
    lines = [(_("Name"), patron.name), (_("Category"), patron.category.name)]
    if patron.expires_on:
        lines.append((_("Valid until"), f"{patron.expires_on:%Y-%m-%d}"))
    pdf.setFont(font, 9)
    for row, (label, value) in enumerate(lines):
        pdf.drawString(6 * mm, height - (20 + 4.5 * row) * mm, f"{label}：{value}")
    barcode = code128.Code128(patron.card_number, barHeight=10 * mm, barWidth=0.33 * mm)
    barcode.drawOn(pdf, (width - barcode.width) / 2, 9 * mm)
    pdf.setFont(font, 9)
    pdf.drawCentredString(width / 2, 5 * mm, patron.card_number)
    pdf.setFont(font, 5)
    pdf.drawRightString(width - 3 * mm, 2 * mm, f"{timezone.localdate():%Y-%m-%d}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
