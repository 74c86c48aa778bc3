"""How fast this machine runs plain Python while a benchmark runs.

This project's machines are virtual, and in some hours the same work costs more CPU (a kiosk cycle
alone cost 1.6–1.7 times its CPU of an hour before, bench/results/pg-city/LOG.md) with no stolen
time reported. ``SpeedProbe`` runs two fixed pieces of work twice a second in a process of its own,
arithmetic that stays in the cache and random reads from a 64 MB array, and reports the CPU each
took (0.93–1.09 and 0.22–0.25 ms on 2026-12-07), so that a run's figures can be read beside the
machine's speed at the time: a slow run on a machine at its usual speed is the code's own doing.
It costs under 1 % of a core.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from types import TracebackType
from typing import Any

# The child prints the CPU time (µs) of each piece of work every half second until it is stopped.
PROBE = """
import array, random, time
data = array.array("q", range(8_000_000))  # 64 MB: far more than the caches
reads = [random.Random(1).randrange(len(data)) for _ in range(5000)]

def compute():
    total = 0
    for i in range(20000):
        total += i * i % 7
    return total

def memory():
    return sum(data[i] for i in reads)

while True:
    times = []
    for work in (compute, memory):
        started = time.thread_time_ns()
        work()
        times.append((time.thread_time_ns() - started) // 1000)
    print(*times, flush=True)
    time.sleep(0.5)
"""


class SpeedProbe:
    def __enter__(self) -> SpeedProbe:
        self.child = subprocess.Popen([sys.executable, "-c", PROBE], stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.child.terminate()
        output, _ = self.child.communicate()
        self.samples = [tuple(map(int, line.split())) for line in output.splitlines() if line]

    def report(self) -> dict[str, Any]:
        """The median CPU (ms) of each piece of work: arithmetic in the cache, reads from memory."""
        if not self.samples:
            return {"samples": 0}
        return {
            "samples": len(self.samples),
            "compute_ms": round(statistics.median(s[0] for s in self.samples) / 1000, 2),
            "memory_ms": round(statistics.median(s[1] for s in self.samples) / 1000, 2),
        }
