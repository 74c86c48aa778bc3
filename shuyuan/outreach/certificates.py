"""The certificate of a volunteer's service hours (志愿服务时长证明), a PDF with an embedded CJK font."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from shuyuan.outreach.models import Shift, Volunteer
from shuyuan.outreach.queries import shift_hours
from shuyuan.pdf import cjk_font


def certificate(
    volunteer: Volunteer, shifts: list[Shift], *, first: date, last: date, library: str, issued_on: date
) -> bytes:
    font = cjk_font()
    total = sum((shift_hours(s) for s in shifts), Decimal("0"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    pdf.setTitle(f"志愿服务时长证明 {volunteer.name}")
    width, height = A4
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 40 * mm, "志愿服务时长证明")
    pdf.setFont(font, 13)
    y = height - 60 * mm
    lines = [
        f"兹证明 {volunteer.name} 同志于 {first:%Y年%m月%d日} 至 {last:%Y年%m月%d日}",
        f"在{library}参加志愿服务 {len(shifts)} 次，累计服务时长 {total} 小时。",
        "特此证明。",
    ]
    for line in lines:
        pdf.drawString(25 * mm, y, line)
        y -= 9 * mm
    pdf.setFont(font, 10)
    y -= 4 * mm
    for shift in shifts[:30]:
        where = shift.activity.title if shift.activity else (shift.service_point.name if shift.service_point else "")
        day = timezone.localtime(shift.checked_in_at)
        pdf.drawString(25 * mm, y, f"{day:%Y-%m-%d}  {where}  {shift.task}  {shift_hours(shift)} 小时")
        y -= 6 * mm
    pdf.setFont(font, 13)
    pdf.drawRightString(width - 25 * mm, 40 * mm, library)
    pdf.drawRightString(width - 25 * mm, 32 * mm, f"{issued_on:%Y年%m月%d日}")
    pdf.showPage()
    pdf.save()
    return out.getvalue()
