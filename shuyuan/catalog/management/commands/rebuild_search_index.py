import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shuyuan.catalog.search import rebuild


class Command(BaseCommand):
    help = "Index every catalogue record again (searches keep working meanwhile; --clear empties first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clear", action="store_true", help="empty the index first")
        parser.add_argument("--batch", type=int, default=1000, help="records per transaction (default 1000)")

    def handle(self, *args: Any, clear: bool, batch: int, **options: Any) -> None:
        started = time.monotonic()
        shown = [0.0]
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - shown[0] < 0.5 and done < total:
                return
            shown[0] = now
            fraction = done / total if total else 1.0
            rate = done / max(now - started, 1e-6)
            line = f"[{'#' * int(fraction * 30):<30}] {fraction:4.0%} {done:>9,} records {rate:>8,.0f}/s"
            sys.stderr.write(("\r" + line) if interactive else line + "\n")

        done = rebuild(clear=clear, batch=batch, progress=progress)
        if interactive and shown[0]:
            sys.stderr.write("\n")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"search index rebuilt: {done} records in {seconds:.1f} s ({done / max(seconds, 1e-6):,.0f}/s)"
        )
