"""QR codes drawn on the server as inline SVG (``segno``): no image request, no JavaScript, and
nothing to download inside WeChat's browser."""

import segno


def svg(value: str) -> str:
    return str(segno.make(value, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=False))
