"""One place that gives every PDF a CJK font, embedded so it prints anywhere."""

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

CJK_FONT = "ShuyuanCJK"
# TrueType-outline CJK fonts reportlab can embed (Noto CJK ships CFF outlines, which it cannot).
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)


class NoCJKFont(RuntimeError):
    pass


@cache
def cjk_font() -> str:
    """Register the first CJK font found and return its reportlab name."""
    for path, index in FONT_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(CJK_FONT, path, subfontIndex=index))
            return CJK_FONT
    raise NoCJKFont("no CJK TrueType font: install Debian's fonts-wqy-zenhei (make does)")
