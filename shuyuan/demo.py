"""The demo framework: ``shuyuan demo`` runs each app's ``demo.load(ctx)`` in INSTALLED_APPS order.

Every loader is idempotent (it looks for what it made before and leaves it) and deterministic (its
random numbers come from ``ctx.rng(name)``); ``ctx.small`` asks for a small profile for tests.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
LIBRARY_CODE = "LLLIB"


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class DemoContext:
    small: bool = False
    say: Callable[[str], None] = print
    logins: dict[str, str] = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"shuyuan-demo-{name}")

    def scale(self, full: int, small: int) -> int:
        return small if self.small else full

    @property
    def now(self) -> datetime:
        """The demo's 'today': the end of the seed report's period."""
        return local(2016, 7, 7, 18)


def loaders() -> list[tuple[str, Callable[[DemoContext], None]]]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("shuyuan.") and find_spec(f"{config.name}.demo") is not None:
            found.append((config.label, import_module(f"{config.name}.demo").load))
    return found


def run(ctx: DemoContext) -> None:
    for label, load in loaders():
        ctx.say(f"demo: {label}")
        load(ctx)


def logins_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"
