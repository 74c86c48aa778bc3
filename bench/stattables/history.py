"""A small history of our own for ``bench.stattables``, used when the statistics benchmark's city-scale
generator (``bench.stats.history``) is not there: branches with a desk and a kiosk each, records and
items of every CLC class, and circulation events over ``days`` local days ending today (so that the
live board has a today), written with bulk inserts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

CLASSES = "ABCDEFGHIJKNOPQRSTUVXZ"
KINDS = (("checkout", 40), ("checkin", 40), ("renewal", 12), ("in_house_use", 3), ("hold_placed", 5))
CHANNELS = ("desk", "desk", "kiosk", "opac")
AGE_BANDS = ("0-6", "7-13", "14-17", "18-34", "35-59", "60+")
BATCH = 5_000


@dataclass
class SmallHistory:
    events: int
    branches: int
    first: date
    last: date
    counts: dict[str, int] = field(default_factory=dict)


def build(*, events: int, branches: int = 20, days: int = 400, items: int = 50_000, seed: int = 1) -> SmallHistory:
    from django.utils import timezone

    from shuyuan.branches.models import Branch, Library, ServicePoint
    from shuyuan.catalog.models import Collection, Item, ItemType, Record
    from shuyuan.circulation.models import CirculationEvent
    from shuyuan.patrons.models import PatronCategory

    rng = random.Random(seed)
    today = timezone.localdate()
    history = SmallHistory(events, branches, today - timedelta(days=days - 1), today)
    now = timezone.now()
    library = Library.objects.create(code="CITY", name="市图书馆")
    made = [Branch.objects.create(library=library, code=f"B{n:02d}", name=f"分馆{n:02d}") for n in range(branches)]
    points = []
    for branch in made:
        points.append(
            ServicePoint.objects.create(branch=branch, code=f"{branch.code}-D", name="外借处", kind="lending_desk")
        )
        points.append(
            ServicePoint.objects.create(branch=branch, code=f"{branch.code}-K", name="自助借还机", kind="kiosk")
        )
    book = ItemType.objects.get_or_create(code="BOOK", defaults={"name": "普通图书"})[0]
    collections = [Collection.objects.create(code=f"C{b.code}", name="中文图书", branch=b) for b in made]
    categories = [
        PatronCategory.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]
        for code, name, kind in (("AD", "成人", "adult"), ("CH", "少儿", "child"), ("GR", "团体", "group"))
    ]
    records = Record.objects.bulk_create(
        (
            Record(title=f"书{n}", clc=f"{rng.choice(CLASSES)}{rng.randint(1, 999)}", created_at=now, updated_at=now)
            for n in range(items // 2)
        ),
        batch_size=BATCH,
    )
    item_rows = Item.objects.bulk_create(
        (
            Item(
                record=rng.choice(records),
                barcode=f"X{n:09d}",
                item_type=book,
                collection=collections[n % branches],
                home_branch=made[n % branches],
                current_branch=made[n % branches],
                status="on_shelf",
                created_at=now - timedelta(days=rng.randint(0, days)),
                status_changed_at=now,
            )
            for n in range(items)
        ),
        batch_size=BATCH,
    )
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    zone = timezone.get_current_timezone()

    def moment(day: date) -> datetime:
        at = datetime.combine(day, time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=zone)
        return min(at, now)

    def rows():
        for _n in range(events):
            point = rng.choice(points)
            item = rng.choice(item_rows)
            yield CirculationEvent(
                at=moment(history.first + timedelta(days=rng.randrange(days))),
                kind=rng.choice(kinds),
                channel=rng.choice(CHANNELS),
                branch_id=point.branch_id,
                service_point=point,
                item_id=item.pk,
                item_type=book,
                item_home_branch_id=item.home_branch_id,
                patron_category=rng.choice(categories),
                age_band=rng.choice(AGE_BANDS),
                reader_token=f"r{rng.randrange(events // 10 + 1)}",
            )

    CirculationEvent.objects.bulk_create(rows(), batch_size=BATCH)
    history.counts = {"events": events, "items": items, "records": len(records), "branches": branches}
    return history
