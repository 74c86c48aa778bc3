"""The demo: ``shuyuan demo`` runs the loaders of ``loaders()``, each an app's ``demo.load(ctx)``, in
the order listed there (an app's part needs what the parts before it made).

Every loader is idempotent (it looks for what it made before and leaves it) and deterministic (its
random numbers come from ``ctx.rng(name)``); ``ctx.small`` asks for a small profile for tests.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

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
    """The loaders in their order. The apps' demo modules build on this module's DemoContext, so
    they are imported here, when the demo runs."""
    from shuyuan.branches import demo as branches
    from shuyuan.catalog import demo as catalog
    from shuyuan.circulation import demo as circulation
    from shuyuan.devices import demo as devices
    from shuyuan.patrons import demo as patrons

    return [
        ("branches", branches.load),  # the library, its branches and service points, staff, holidays
        ("devices", devices.load),
        ("catalog", catalog.load),
        ("patrons", patrons.load),
        # acquisitions and serials go here: after the catalogue and the readers, before the loans
        ("circulation", circulation.load),
        # visits and activities go here; statistics last, once every event is in
    ]


def run(ctx: DemoContext) -> None:
    for label, load in loaders():
        ctx.say(f"demo: {label}")
        load(ctx)


def logins_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"
