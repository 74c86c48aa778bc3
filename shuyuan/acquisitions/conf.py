"""Acquisitions settings: ``settings.SHUYUAN["ACQUISITIONS"]`` overrides any of these defaults."""

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class AcquisitionsSettings:
    # What an order that would take a fund past its budget does: "warn" (placed, with a warning) or "refuse".
    overspend: str = "warn"


def acquisitions_settings() -> AcquisitionsSettings:
    overrides: dict[str, Any] = getattr(settings, "SHUYUAN", {}).get("ACQUISITIONS", {})
    known = {f.name for f in fields(AcquisitionsSettings)}
    return replace(AcquisitionsSettings(), **{k.lower(): v for k, v in overrides.items() if k.lower() in known})
