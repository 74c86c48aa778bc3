"""A one-line progress bar for long catalogue commands: percent, records and records per second."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from shuyuan.catalog.importing import Progress


class ProgressBar:
    def __init__(self, total_bytes: int, *, stream: TextIO = sys.stderr, every: float = 0.5) -> None:
        self.total = total_bytes
        self.stream = stream
        self.every = every
        self.shown = 0.0
        self.interactive = stream.isatty()

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.shown < self.every:
            return
        self.shown = now
        fraction = min(1.0, progress.position / self.total) if self.total else 0.0
        bar = "#" * int(fraction * 30)
        line = f"[{bar:<30}] {fraction:4.0%} {progress.read:>9,} records {progress.rate:>8,.0f}/s"
        self.stream.write(("\r" + line) if self.interactive else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.interactive and self.shown:
            self.stream.write("\n")
