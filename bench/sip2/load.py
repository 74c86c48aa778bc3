"""Simulated kiosks over TCP: each logs in, then loops patron information → checkout → checkin."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench.report import latency
from shuyuan.sip2 import messages as m


@dataclass(frozen=True)
class KioskPlan:
    username: str
    password: str
    patron_id: str
    patron_password: str
    item_ids: tuple[str, ...]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    answered: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # when, per latency
    oks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: int = 0
    lags: list[float] = field(default_factory=list)  # paced runs: how late each cycle started
    checkouts_done: list[float] = field(default_factory=list)  # when each checkout was answered
    refusals: Counter[str] = field(default_factory=Counter)  # screen messages of answers that said no

    def add(self, code: str, seconds: float, ok: bool) -> None:
        now = time.monotonic()
        self.latencies[code].append(seconds)
        self.answered[code].append(now)
        self.oks[code] += int(ok)
        if code == "11":
            self.checkouts_done.append(now)

    def steady_rate(self, start: float, end: float) -> float:
        """Checkouts answered per second between ``start`` and ``end``: after the kiosks have
        logged in and every paced kiosk has begun, before the last cycles trail off."""
        done = sum(start <= t <= end for t in self.checkouts_done)
        return round(done / (end - start), 1) if end > start else 0.0

    def steady_latencies(self, start: float, end: float) -> dict[str, Any]:
        """Latency of the messages answered between ``start`` and ``end``: without the first seconds,
        when every kiosk logs in at once and each server connection prepares its statements."""
        steady = {}
        for code, values in sorted(self.latencies.items()):
            kept = [s * 1000 for s, at in zip(values, self.answered[code], strict=True) if start <= at <= end]
            if kept:
                steady[code] = latency(kept)
        return steady

    def checkouts_by_second(self, start: float, end: float) -> list[dict[str, Any]]:
        """Each whole second from ``start``: checkouts answered in it and their slowest latency, to
        tell a stall of some seconds (a backlog, then a catch-up) from a run slow throughout."""
        by_second: dict[int, list[float]] = defaultdict(list)
        for seconds, at in zip(self.latencies.get("11", []), self.answered.get("11", []), strict=True):
            if start <= at < end:
                by_second[int(at - start)].append(seconds * 1000)
        return [
            {"second": second, "checkouts": len(values), "max_ms": round(max(values), 1)}
            for second, values in sorted(by_second.items())
        ]

    def report(self, elapsed: float) -> dict[str, Any]:
        total = sum(len(v) for v in self.latencies.values())
        per_type = {code: summary(values, self.oks[code], elapsed) for code, values in sorted(self.latencies.items())}
        return {
            "seconds": round(elapsed, 2),
            "messages": total,
            "messages_per_second": round(total / elapsed, 1) if elapsed else 0,
            "checkouts_per_second": per_type.get("11", {}).get("per_second", 0),
            "connection_failures": self.failures,
            "per_type": per_type,
            "refusals": dict(self.refusals.most_common(5)),
            **self.lag_report(),
        }

    def lag_report(self) -> dict[str, Any]:
        if not self.lags:
            return {}
        ordered = sorted(self.lags)
        return {
            "cycles_started_late_over_10ms": sum(lag > 0.010 for lag in ordered),
            "p99_start_lag_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, 2),
        }


def summary(values: list[float], oks: int, elapsed: float) -> dict[str, Any]:
    return {
        "ok": oks,
        "per_second": round(len(values) / elapsed, 1) if elapsed else 0,
        **latency([seconds * 1000 for seconds in values]),
    }


class AsyncKiosk:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.sequence = 0

    @classmethod
    async def connect(cls, host: str, port: int) -> AsyncKiosk:
        return cls(*await asyncio.open_connection(host, port))

    async def exchange(self, message: m.Message) -> m.Message:
        self.writer.write(m.format_message(message, sequence=self.sequence, with_checksum=True))
        self.sequence = (self.sequence + 1) % 10
        await self.writer.drain()
        return m.parse_message(await self.reader.readuntil(b"\r")).message

    async def close(self) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except ConnectionError:
            pass


async def run_kiosk(
    host: str, port: int, plan: KioskPlan, until: float, stats: Stats, *, period: float = 0.0, offset: float = 0.0
) -> None:
    """Loop patron information → checkout → checkin. With a ``period``, a cycle starts every
    ``period`` seconds (after ``offset``), as readers arriving at a kiosk would, and how late each
    cycle starts is recorded; without one the kiosk sends its next message as soon as it is answered."""
    kiosk = await AsyncKiosk.connect(host, port)
    try:
        login = await kiosk.exchange(m.LoginRequest(login_user_id=plan.username, login_password=plan.password))
        if not getattr(login, "ok", False):
            raise RuntimeError(f"kiosk {plan.username} could not log in")
        first = time.monotonic() + offset
        for cycle, item_id in enumerate(itertools.cycle(plan.item_ids)):
            if period:
                scheduled = first + cycle * period
                await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
                stats.lags.append(max(0.0, time.monotonic() - scheduled))
            if time.monotonic() >= until:
                break
            at = datetime.now().replace(microsecond=0)
            await timed(
                kiosk,
                stats,
                "63",
                m.PatronInformationRequest(
                    language="019", transaction_date=at, patron_id=plan.patron_id, patron_password=plan.patron_password
                ),
                lambda r: r.valid_patron is True,
            )
            await timed(
                kiosk,
                stats,
                "11",
                m.CheckoutRequest(
                    transaction_date=at, patron_id=plan.patron_id, item_id=item_id, patron_password=plan.patron_password
                ),
                lambda r: r.ok,
            )
            await timed(
                kiosk,
                stats,
                "09",
                m.CheckinRequest(transaction_date=at, return_date=at, item_id=item_id),
                lambda r: r.ok,
            )
    finally:
        await kiosk.close()


async def timed(kiosk: AsyncKiosk, stats: Stats, code: str, request: m.Message, is_ok: Any) -> None:
    started = time.monotonic()
    response = await kiosk.exchange(request)
    ok = bool(is_ok(response))
    stats.add(code, time.monotonic() - started, ok)
    if not ok:
        stats.refusals[f"{code}: {' '.join(getattr(response, 'screen_messages', ()))}"[:120]] += 1


async def run_load(
    host: str,
    port: int,
    plans: list[KioskPlan],
    seconds: float,
    *,
    checkouts_per_second: float = 0.0,
    warm_up: float = 2.0,
) -> dict[str, Any]:
    """All kiosks at once for ``seconds``: as fast as answered, or paced to offer
    ``checkouts_per_second`` in total (each kiosk starting at a random point of its period). A paced
    run's steady figures leave out its first ``warm_up`` seconds (at least two periods)."""
    stats = Stats()
    period = len(plans) / checkouts_per_second if checkouts_per_second else 0.0
    rng = random.Random(len(plans))
    started = time.monotonic()
    results = await asyncio.gather(
        *(
            run_kiosk(host, port, plan, started + seconds, stats, period=period, offset=rng.uniform(0, period))
            for plan in plans
        ),
        return_exceptions=True,
    )
    stats.failures = sum(isinstance(r, BaseException) for r in results)
    report = stats.report(time.monotonic() - started)
    report["kiosks"] = len(plans)
    if checkouts_per_second:
        report["offered_checkouts_per_second"] = checkouts_per_second
        warm_up = max(warm_up, 2 * period)
        report["steady_checkouts_per_second"] = stats.steady_rate(started + warm_up, started + seconds)
        report["steady_seconds_from"] = warm_up
        report["steady_per_type"] = stats.steady_latencies(started + warm_up, started + seconds)
        report["checkouts_by_second"] = stats.checkouts_by_second(started, started + seconds)
    report["errors"] = sorted({f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)})[:5]
    return report


async def hold_idle(host: str, port: int, count: int, plan: KioskPlan) -> list[AsyncKiosk]:
    """Open ``count`` connections, each logged in, and leave them idle."""
    kiosks = []
    for _ in range(count):
        kiosk = await AsyncKiosk.connect(host, port)
        await kiosk.exchange(m.LoginRequest(login_user_id=plan.username, login_password=plan.password))
        kiosks.append(kiosk)
    return kiosks
