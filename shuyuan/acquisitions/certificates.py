"""The donation certificate (捐赠证书): one A4 landscape page with the library's seal area."""

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from shuyuan.acquisitions.models import Donation
from shuyuan.branches.models import Library
from shuyuan.pdf import cjk_font


def certificate_pdf(donation: Donation) -> bytes:
    font = cjk_font()
    library = Library.objects.order_by("pk").first()
    library_name = library.name if library else _("the library")
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{_('Donation certificate')} {donation.number}")
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFont(font, 36)
    pdf.drawCentredString(width / 2, height - 45 * mm, _("Donation certificate"))
    pdf.setFont(font, 12)
    pdf.drawRightString(width - 25 * mm, height - 25 * mm, _("No. %(number)s") % {"number": donation.number})
    pdf.setFont(font, 18)
    text = pdf.beginText(30 * mm, height - 75 * mm)
    text.setFont(font, 18)
    text.setLeading(30)
    text.textLine(_("%(donor)s:") % {"donor": donation.donor})
    text.textLine(
        _("On %(day)s you donated %(kinds)d kinds, %(volumes)d volumes to our library.")
        % {
            "day": f"{donation.received_on.year}年{donation.received_on.month}月{donation.received_on.day}日",
            "kinds": donation.kinds,
            "volumes": donation.volumes,
        }
    )
    if donation.description:
        text.textLine(donation.description[:60])
    text.textLine(_("We thank you sincerely for your support of the library."))
    pdf.drawText(text)
    # The seal area: the library stamps its seal over its name and the date.
    seal_x, seal_y = width - 95 * mm, 28 * mm
    pdf.setDash(3, 3)
    pdf.setLineWidth(1)
    pdf.circle(seal_x + 30 * mm, seal_y + 22 * mm, 21 * mm)
    pdf.setDash()
    pdf.setFont(font, 9)
    pdf.drawCentredString(seal_x + 30 * mm, seal_y + 22 * mm, _("(seal)"))
    pdf.setFont(font, 16)
    pdf.drawCentredString(seal_x + 30 * mm, seal_y + 8 * mm, library_name)
    pdf.setFont(font, 14)
    day = donation.received_on
    pdf.drawCentredString(seal_x + 30 * mm, seal_y, f"{day.year}年{day.month}月{day.day}日")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
