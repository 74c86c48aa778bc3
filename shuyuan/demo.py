"""The demo: ``shuyuan demo`` runs the loaders of ``loaders()``, each an app's ``demo.load(ctx)``, in
the order listed there (an app's part needs what the parts before it made).

Every loader is idempotent (it looks for what it made before and leaves it) and deterministic (its
random numbers come from ``ctx.rng(name)``); ``ctx.small`` asks for a small profile for tests.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
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


# The loaders in their order: each an app's demo module with ``load(ctx)``, needing what the ones
# before it made. Named, not imported: the apps' demo modules build on this module's DemoContext,
# and this module stays below them.
LOADERS = (
    "shuyuan.branches.demo",  # the library, branches, service points, calendars, staff accounts
    "shuyuan.devices.demo",
    "shuyuan.catalog.demo",
    "shuyuan.patrons.demo",
    "shuyuan.acquisitions.demo",
    "shuyuan.serials.demo",
    "shuyuan.circulation.demo",
    "shuyuan.visits.demo",  # visits of the reading rooms, the e-reading room's sessions, e-resource usage
    "shuyuan.outreach.demo",  # activities, volunteers, staff training, the 达芬奇画室 opening
    "shuyuan.stats.demo",  # statistics last, once every event is in: 2015's figures, the roll-ups
    "shuyuan.stattables.demo",  # the statistics desk's saved tables, one e-mailed monthly
)


def loaders() -> list[tuple[str, Callable[[DemoContext], None]]]:
    return [(name.split(".")[1], import_module(name).load) for name in LOADERS]


def run(ctx: DemoContext) -> None:
    for label, load in loaders():
        ctx.say(f"demo: {label}")
        load(ctx)


def logins_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"
