from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shuyuan.branches.models import Library
from shuyuan.demo import DemoContext, logins_file, run


class Command(BaseCommand):
    help = "Load the 2016 demo scenario of the seed library (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--small", action="store_true", help="a small profile, for tests")
        parser.add_argument("--if-empty", action="store_true", help="only if the database has no library yet")

    def handle(self, *args: Any, small: bool, if_empty: bool, **options: Any) -> None:
        if if_empty and Library.objects.exists():
            self.stdout.write("demo: the database already holds a library; nothing loaded")
            return
        ctx = DemoContext(small=small, say=lambda line: self.stdout.write(line))
        run(ctx)
        self.stdout.write(self.style.SUCCESS(f"demo loaded; staff logins in {logins_file()}"))
