"""Bar charts as PNG images for the .docx and the PDF, drawn with Pillow and the CJK font the PDFs
embed (no matplotlib, no cairo)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from shuyuan.pdf import FONT_CANDIDATES

WIDTH, HEIGHT = 1200, 640
COLOURS = ("#c0392b", "#7f8c8d")  # this period, the year before


@cache
def _font_path() -> str:
    from pathlib import Path

    for path, _index in FONT_CANDIDATES:
        if Path(path).exists():
            return path
    raise RuntimeError("no CJK font for charts")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_path(), size)


def bars(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int | None]]], *, unit: str = ""
) -> bytes:
    """A grouped bar chart: one group per label, one bar per series (name, values)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH // 2, 30), title, fill="black", font=_font(34), anchor="mm")
    left, right, top, bottom = 110, WIDTH - 40, 90, HEIGHT - 90
    highest = max([v or 0 for _name, values in series for v in values] + [1])
    draw.line((left, top, left, bottom), fill="black", width=2)
    draw.line((left, bottom, right, bottom), fill="black", width=2)
    small = _font(22)
    for step in range(5):
        y = bottom - (bottom - top) * step / 4
        draw.text((left - 10, y), f"{round(highest * step / 4):,}", fill="black", font=small, anchor="rm")
    groups = max(len(labels), 1)
    group_width = (right - left) / groups
    longest = max((len(label) for label in labels), default=1)
    label_font = _font(max(12, min(22, int(group_width * 0.9 / longest))))  # long window names stay apart
    bar_width = group_width * 0.7 / max(len(series), 1)
    for g, label in enumerate(labels):
        x0 = left + g * group_width + group_width * 0.15
        for s, (_name, values) in enumerate(series):
            value = values[g] if g < len(values) else None
            if value is None:
                continue
            height = (bottom - top) * value / highest
            x = x0 + s * bar_width
            draw.rectangle((x, bottom - height, x + bar_width - 4, bottom), fill=COLOURS[s % len(COLOURS)])
        draw.text((left + (g + 0.5) * group_width, bottom + 24), label, fill="black", font=label_font, anchor="mm")
    legend_x = left
    for s, (name, _values) in enumerate(series):
        draw.rectangle((legend_x, HEIGHT - 40, legend_x + 24, HEIGHT - 16), fill=COLOURS[s % len(COLOURS)])
        draw.text((legend_x + 32, HEIGHT - 28), name, fill="black", font=small, anchor="lm")
        legend_x += 60 + int(draw.textlength(name, font=small))
    if unit:
        draw.text((left, top - 20), unit, fill="black", font=small, anchor="lm")
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()
