"""The catalogue's settings: ``settings.SHUYUAN["CATALOG"]`` overrides any of these defaults."""

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class CatalogSettings:
    barcode_prefix: str = "LL"  # new copies (create_items): prefix + digits from the BarcodeSequence row
    barcode_digits: int = 8  # used when the prefix's sequence row is first made


def catalog_settings() -> CatalogSettings:
    overrides: dict[str, Any] = getattr(settings, "SHUYUAN", {}).get("CATALOG", {})
    known = {f.name for f in fields(CatalogSettings)}
    return replace(CatalogSettings(), **{k.lower(): v for k, v in overrides.items() if k.lower() in known})
