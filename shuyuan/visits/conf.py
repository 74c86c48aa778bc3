"""The visits settings: ``settings.SHUYUAN["VISITS"]`` overrides any of these defaults."""

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class VisitsSettings:
    minor_daily_minutes: int = 120  # a reader under adult_age at the e-reading room's computers, per day
    adult_age: int = 18


def visits_settings() -> VisitsSettings:
    overrides: dict[str, Any] = getattr(settings, "SHUYUAN", {}).get("VISITS", {})
    known = {f.name for f in fields(VisitsSettings)}
    return replace(VisitsSettings(), **{k.lower(): v for k, v in overrides.items() if k.lower() in known})
