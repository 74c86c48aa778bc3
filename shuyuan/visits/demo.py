"""Demo: the visits of the seed library's reading rooms, its e-reading room and its e-resources.

From 2016-01-01 to 06-12 the rooms' visits add up exactly to the seed's figures (DESIGN.md
section 7): the lending desk 55 000 (its people counter posting every 15 minutes), the general
reading room 66 000 (the day's figure from the paper tally sheet, one of them corrected), the
children's room 49 000 (a people counter's CSV file, imported), the e-reading room 45 200 (sessions
at 30 PCs: each reader once a day) and the local-documents room 278 (the "+1" button). The days to
07-06 continue at the same pace. Two e-resource platforms report 14 000 e-book lendings for
2016-01 to 06, which with the 361 225 print loans and returns make the seed's 375 225 借还册次.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction

from shuyuan.branches.models import ServicePoint
from shuyuan.branches.queries import calendar_for
from shuyuan.circulation.models import CirculationEvent
from shuyuan.demo import SHANGHAI, DemoContext
from shuyuan.devices.models import Device
from shuyuan.patrons.models import Patron
from shuyuan.visits import queries, services
from shuyuan.visits.models import (
    Computer,
    ComputerSession,
    CounterModel,
    EResourcePlatform,
    VisitCount,
)

FIRST, SEED_LAST, LAST = date(2016, 1, 1), date(2016, 6, 12), date(2016, 7, 6)
FIGURES = {  # service point: (full, small) visits from FIRST to SEED_LAST
    "LL01-DESK": (55_000, 550),
    "LL01-READ": (66_000, 660),
    "LL01-KIDS": (49_000, 490),
    "LL01-EREAD": (45_200, 452),
    "LL01-LOCAL": (278, 278),
}
E_LENDINGS = (14_000, 140)
COMPUTERS = 30
COUNTER_MODEL = "通用客流计数器 CSV"


def load(ctx: DemoContext) -> None:
    if (
        CounterModel.objects.filter(name=COUNTER_MODEL).exists()
        or not ServicePoint.objects.filter(code="LL01-DESK").exists()
    ):
        return
    points = {p.code: p for p in ServicePoint.objects.filter(code__in=FIGURES).select_related("branch")}
    plans = {code: plan(points[code], ctx.scale(*FIGURES[code]), ctx.rng(f"visits-{code}")) for code in FIGURES}
    desk_counter(points["LL01-DESK"], plans["LL01-DESK"], ctx)
    tally_sheets(points["LL01-READ"], plans["LL01-READ"], ctx)
    counter_file(points["LL01-KIDS"], plans["LL01-KIDS"], ctx)
    e_reading_room(points["LL01-EREAD"], plans["LL01-EREAD"], ctx)
    plus_one(points["LL01-LOCAL"], plans["LL01-LOCAL"], ctx)
    e_resources(ctx)
    davinci_first_day(ctx)


def plan(point: ServicePoint, total: int, rng: random.Random) -> dict[date, int]:
    """Visits per open day: exactly ``total`` up to SEED_LAST, weekends busier, then the same pace."""
    calendar = calendar_for(point.branch, FIRST, LAST)
    weekdays = set(point.opening_hours.values_list("weekday", flat=True))
    days = [d for d in calendar.open_days(FIRST, LAST) if d.weekday() in weekdays]
    seed_days = [d for d in days if d <= SEED_LAST]
    weights = [rng.uniform(0.8, 1.2) * (1.4 if d.weekday() >= 5 else 1.0) for d in seed_days]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(len(counts)), total - sum(counts)):
        counts[i] += 1
    average = total / len(seed_days)
    later = {d: max(0, round(average * rng.uniform(0.8, 1.2))) for d in days if d > SEED_LAST}
    return {**dict(zip(seed_days, counts, strict=True)), **later}


def _opening(point: ServicePoint, day: date) -> tuple[datetime, datetime]:
    opens, closes = next(
        (o, c) for w, o, c in point.opening_hours.values_list("weekday", "opens_at", "closes_at") if w == day.weekday()
    )
    return datetime.combine(day, opens, tzinfo=SHANGHAI), datetime.combine(day, closes, tzinfo=SHANGHAI)


def _quarters(point: ServicePoint, day: date, total: int, rng: random.Random) -> list[tuple[datetime, int]]:
    """A day's visits spread over its quarter hours."""
    opens, closes = _opening(point, day)
    slots = [opens + timedelta(minutes=15 * i) for i in range(int((closes - opens).total_seconds() // 900))]
    counts = [0] * len(slots)
    for _ in range(total):
        counts[rng.randrange(len(slots))] += 1
    return list(zip(slots, counts, strict=True))


@transaction.atomic
def desk_counter(point: ServicePoint, days: dict[date, int], ctx: DemoContext) -> None:
    device = Device.objects.filter(kind=Device.Kind.PEOPLE_COUNTER, service_point=point).first()
    rng = ctx.rng("visits-desk-counter")
    rows = [
        VisitCount(
            service_point=point,
            day=day,
            count=n,
            source=VisitCount.Source.COUNTER_DEVICE,
            gate="大门",
            interval_start=start,
            interval_end=start + timedelta(minutes=15),
            device=device,
            entered_at=start + timedelta(minutes=15),
            by_label=services.by_label(device),
        )
        for day, total in days.items()
        for start, n in _quarters(point, day, total, rng)
    ]
    VisitCount.objects.bulk_create(rows, batch_size=5000)


def tally_sheets(point: ServicePoint, days: dict[date, int], ctx: DemoContext) -> None:
    first = True
    for day, total in days.items():
        at = datetime.combine(day, time(21, 5), tzinfo=SHANGHAI)
        if first:
            # The first sheet was typed wrong and corrected the next morning: both rows stay.
            wrong = services.tally(point, amount=total + 100, day=day, at=at, by=None, note="纸质登记表")
            services.correct(
                wrong, new_count=total, at=at + timedelta(hours=12), by=None, note="录入错误，按登记表更正"
            )
            first = False
        else:
            services.tally(point, amount=total, day=day, at=at, by=None, note="纸质登记表")


def counter_file(point: ServicePoint, days: dict[date, int], ctx: DemoContext) -> None:
    model = CounterModel.objects.create(
        name=COUNTER_MODEL,
        gate_column="通道",
        start_column="开始时间",
        end_column="",
        count_column="进入人数",
        interval_minutes=15,
        datetime_format="%Y-%m-%d %H:%M",
    )
    rng = ctx.rng("visits-kids-file")
    lines = ["通道,开始时间,进入人数"]
    for day, total in days.items():
        east = rng.randint(total // 3, total * 2 // 3)
        for gate, n in (("少儿东门", east), ("少儿西门", total - east)):
            lines += [f"{gate},{start:%Y-%m-%d %H:%M},{c}" for start, c in _quarters(point, day, n, rng) if c]
    services.import_counter_file(
        "\n".join(lines) + "\n",
        counter_model=model,
        service_point=point,
        file_name="少儿阅览室客流-2016上半年.csv",
        at=datetime(2016, 7, 7, 9, tzinfo=SHANGHAI),
        by=None,
    )


@transaction.atomic
def e_reading_room(point: ServicePoint, days: dict[date, int], ctx: DemoContext) -> None:
    """Each day's readers at the 30 PCs, one after the other on each PC; a few come back later
    the same day (a second session, still one visit). Minors stay well within their two hours."""
    computers = Computer.objects.bulk_create(Computer(service_point=point, name=f"PC{i:02d}") for i in range(1, 31))
    device = Device.objects.filter(kind=Device.Kind.E_READING_CLIENT, service_point=point).first()
    readers = list(
        Patron.objects.filter(status=Patron.Status.ACTIVE, birth_date__isnull=False).values_list(
            "pk", "reader_token", "birth_date"
        )
    )
    rng = ctx.rng("visits-e-reading")
    sessions = []
    for day, total in days.items():
        opens, _closes = _opening(point, day)
        free_at = [opens + timedelta(minutes=rng.randrange(30)) for _ in computers]
        chosen = rng.sample(readers, total)
        returning = chosen[: max(1, total // 20)]
        for i, (_pk, token, born) in enumerate(chosen + returning):
            pc = i % len(computers)
            minutes = rng.randint(20, 45)
            start = free_at[pc]
            end = start + timedelta(minutes=minutes)
            free_at[pc] = end + timedelta(minutes=rng.randint(1, 10))
            born = born or day
            age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            sessions.append(
                ComputerSession(
                    computer=computers[pc],
                    service_point=point,
                    reader_token=token,
                    is_minor=age < 18,
                    day=day,
                    started_at=start,
                    ended_at=end,
                    end_reason=ComputerSession.EndReason.LOGGED_OUT,
                    source=ComputerSession.Source.CLIENT,
                    device=device,
                    by_label=services.by_label(device),
                )
            )
    ComputerSession.objects.bulk_create(sessions, batch_size=5000)


def plus_one(point: ServicePoint, days: dict[date, int], ctx: DemoContext) -> None:
    rows = []
    for day, total in days.items():
        opens, _closes = _opening(point, day)
        rows += [
            VisitCount(
                service_point=point,
                day=day,
                count=1,
                source=VisitCount.Source.DESK,
                entered_at=opens + timedelta(minutes=20 * i),
                by_label="demo",
            )
            for i in range(total)
        ]
    VisitCount.objects.bulk_create(rows)


def e_resources(ctx: DemoContext) -> None:
    rng = ctx.rng("visits-e-resources")
    total = ctx.scale(*E_LENDINGS)
    chaoxing = EResourcePlatform.objects.create(code="CHAOXING", name="超星电子书")
    bookan = EResourcePlatform.objects.create(
        code="BOOKAN",
        name="博看期刊",
        column_mapping={"借阅次数": "Ebook_Loans", "浏览量": "Total_Item_Investigations", "下载量": "Downloads"},
    )
    months = [date(2016, m, 1) for m in range(1, 7)]
    split = [total // 12 + (1 if i < total % 12 else 0) for i in range(12)]
    cx = ["Month,Ebook_Loans,Total_Item_Requests,Searches_Platform"] + [
        f"{m:%Y-%m},{split[i]},{split[i] * 3 + rng.randrange(100)},{rng.randrange(500, 900)}"
        for i, m in enumerate(months)
    ]
    bk = ["月份,借阅次数,浏览量,下载量"] + [
        f"{m:%Y-%m},{split[6 + i]},{split[6 + i] * 5 + rng.randrange(100)},{rng.randrange(200, 400)}"
        for i, m in enumerate(months)
    ]
    at = datetime(2016, 7, 5, 10, tzinfo=SHANGHAI)
    services.import_usage("\n".join(cx) + "\n", platform=chaoxing, file_name="超星-2016-01至06.csv", at=at, by=None)
    services.import_usage("\n".join(bk) + "\n", platform=bookan, file_name="博看-2016上半年.csv", at=at, by=None)
    ctx.say(f"demo: e-book lendings {queries.electronic_lendings(FIRST, date(2016, 6, 30))}")


DAVINCI_OPENING = date(2016, 7, 7)


def davinci_first_day(ctx: DemoContext) -> None:
    """2016-07-07, the 达芬奇画室 branch's first day. It has no counter: its desk pressed the "+1" and
    "+10" buttons as people came in, each quarter hour's presses after it. Who came follows the day's
    loans (circulation's demo, before this one): each reader who borrowed, about half of them with
    someone along, and a few who only came to read."""
    desk = ServicePoint.objects.filter(code="LL02-DESK").select_related("branch").first()
    if desk is None or not desk.opening_hours.filter(weekday=DAVINCI_OPENING.weekday()).exists():
        return
    rng = ctx.rng("visits-davinci")
    opens, closes = _opening(desk, DAVINCI_OPENING)
    first_seen: dict[str, datetime] = {}
    for at, token in (
        CirculationEvent.objects.filter(service_point=desk, at__gte=opens, at__lt=closes)
        .exclude(reader_token="")
        .order_by("at")
        .values_list("at", "reader_token")
    ):
        first_seen.setdefault(token, at)
    quarters = int((closes - opens).total_seconds() // 900)
    came = [0] * quarters
    for at in first_seen.values():
        slot = min(quarters - 1, int((at - opens).total_seconds() // 900))
        came[slot] += 1 + (rng.random() < 0.5)
    for slot in range(quarters):
        came[slot] += rng.randrange(3)
    for slot, people in enumerate(came):
        at = opens + timedelta(minutes=15 * (slot + 1))
        for amount in [10] * (people // 10) + [1] * (people % 10):
            services.tally(desk, amount=amount, day=DAVINCI_OPENING, at=at, by=None, note="开馆首日")
