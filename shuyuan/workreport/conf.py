"""The report's house style (GB/T 9704-2012), overridable in settings as ``WORKREPORT_STYLE``.

The .docx names the official fonts (the library's Word or WPS has them); the PDF embeds a free
substitute (``shuyuan.pdf.cjk_font()``), as the standard's fonts are proprietary."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "title_font": "方正小标宋简体",  # 2号小标宋
    "title_size": 22,
    "heading1_font": "黑体",
    "heading2_font": "楷体_GB2312",
    "heading3_font": "仿宋_GB2312",  # 仿宋加粗
    "body_font": "仿宋_GB2312",  # 3号仿宋
    "body_size": 16,
    "latin_font": "Times New Roman",
}


def style() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "WORKREPORT_STYLE", {})}
