"""Photos of activities: read an upload with Pillow (anything else is refused) and make a thumbnail."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL = (320, 240)
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def read(content: bytes) -> Image.Image | None:
    """The image in ``content``, or None when it is not a JPEG, PNG or WebP photo."""
    try:
        image = Image.open(io.BytesIO(content))
        image.verify()
        image = Image.open(io.BytesIO(content))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return image if image.format in FORMATS else None


def thumbnail(image: Image.Image) -> bytes:
    small = ImageOps.exif_transpose(image).convert("RGB")
    small.thumbnail(THUMBNAIL)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=82)
    return out.getvalue()


def file_name(name: str, image: Image.Image) -> str:
    return Path(name).stem[:40] + FORMATS[str(image.format)]


def as_file(content: bytes) -> ContentFile:
    return ContentFile(content)
