"""The QR code of a sign-up's ticket, as inline SVG (``segno``): the door's scanner reads the ticket
number, which the check-in page receives like a typed one."""

import segno


def qr_svg(ticket: str) -> str:
    return segno.make(ticket, error="m").svg_inline(scale=6, dark="#000", light="#fff")
