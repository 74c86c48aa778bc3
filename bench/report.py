"""What every benchmark reports the same way: latency percentiles and the machine it ran on."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Sequence
from typing import Any


def latency(durations_ms: Sequence[float], *, digits: int = 2) -> dict[str, float]:
    """n, p50/p95/p99, mean and max of durations in milliseconds (nearest-rank percentiles)."""
    ordered = sorted(durations_ms)

    def percentile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], digits)

    return {
        "n": len(ordered),
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "mean_ms": round(statistics.fmean(ordered), digits),
        "max_ms": round(ordered[-1], digits),
    }


def machine() -> dict[str, Any]:
    return {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()}


def engine_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])
