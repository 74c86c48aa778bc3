from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from shuyuan.branches.models import Library
from shuyuan.demo import LIBRARY_CODE, DemoContext, logins_file, run


class Command(BaseCommand):
    help = "Load the 2016 demo scenario of the seed library (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--small", action="store_true", help="a small profile, for tests")
        parser.add_argument("--if-empty", action="store_true", help="only if the database has no library yet")

    def handle(self, *args: Any, small: bool, if_empty: bool, **options: Any) -> None:
        ctx = DemoContext(small=small, say=lambda line: self.stdout.write(line))
        if if_empty and Library.objects.exists():
            self.stdout.write("demo: the database already holds a library; nothing loaded")
            if Library.objects.filter(code=LIBRARY_CODE).exists():
                bring_to_today(ctx)
            return
        run(ctx)
        self.stdout.write(self.style.SUCCESS(f"demo loaded; staff logins in {logins_file()}"))


def bring_to_today(ctx: DemoContext, *, now: datetime | None = None) -> None:
    """The demo library loaded on an earlier day: renew what expired since and give the demo reader
    current loans and holds again, so that `make run` works whenever it is run."""
    from shuyuan.circulation import demo_today
    from shuyuan.patrons.demo import renew_for_today

    now = now or timezone.now()
    renew_for_today(ctx, today=timezone.localdate(now))
    demo_today.load(ctx, now=now)
