"""Readers for the benchmark: valid synthetic ID numbers, bulk-inserted with the building blocks the
services use (encryption, keyed hashes), and a registration kiosk with its key."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from shuyuan.branches.models import Branch, Library, ServicePoint
from shuyuan.demo import local
from shuyuan.devices import services as devices
from shuyuan.devices.models import Device
from shuyuan.patrons import iddocs
from shuyuan.patrons.models import Patron, PatronCard, PatronCategory
from shuyuan.patrons.personal import document_fields, name_fields, new_reader_token, phone_fields, pin_hash

REGIONS = ["430281", "430202", "430203", "430204", "430211", "430221", "430223", "430224", "430225"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建文辉力志海波宇浩鹏欣怡晨雨婷"
BATCH = 5000


def require_empty() -> None:
    if Patron.objects.exists():
        raise SystemExit("the benchmark needs an empty database (it makes its own readers)")


def setting(seed: int) -> tuple[Branch, ServicePoint, str]:
    """A library, a desk, the adult category and a registration kiosk; returns the kiosk's key."""
    library = Library.objects.create(code="BENCH", name="基准测试图书馆")
    branch = Branch.objects.create(library=library, code="B01", name="总馆", kind=Branch.Kind.CENTRAL)
    point = ServicePoint.objects.create(
        branch=branch, code="B01-DESK", name="外借处", kind=ServicePoint.Kind.LENDING_DESK
    )
    PatronCategory.objects.create(code="ADULT", name="成人读者", kind=PatronCategory.Kind.ADULT)
    _device, key = devices.add(
        kind=Device.Kind.REGISTRATION_KIOSK,
        name="自助办证机",
        branch=branch,
        service_point=point,
        at=local(2016, 7, 7),
        by=None,
    )
    return branch, point, key


def numbers(count: int, seed: int) -> list[str]:
    """``count`` distinct valid resident ID numbers."""
    rng = random.Random(seed)
    made: set[str] = set()
    while len(made) < count:
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        made.add(iddocs.compose_resident_id(rng.choice(REGIONS), birth, rng.randrange(1, 1000)))
    return sorted(made, key=lambda _n: rng.random())


def fill(readers: list[str], branch: Branch, seed: int) -> None:
    rng = random.Random(seed)
    category = PatronCategory.objects.get(code="ADULT")
    for start in range(0, len(readers), BATCH):
        with transaction.atomic():
            rows, cards = [], []
            for offset, number in enumerate(readers[start : start + BATCH]):
                rows.append(_patron(number, f"B{start + offset + 1:08d}", category, branch, rng))
            Patron.objects.bulk_create(rows)
            for patron in rows:
                cards.append(
                    PatronCard(
                        patron=patron,
                        kind=PatronCard.Kind.BARCODE,
                        value=patron.card_number,
                        issued_at=patron.registered_at,
                    )
                )
            PatronCard.objects.bulk_create(cards)


def _patron(number: str, card: str, category: PatronCategory, branch: Branch, rng: random.Random) -> Patron:
    doc = iddocs.parse(number, today=date(2016, 7, 7))
    token = new_reader_token()
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
    fields: dict[str, Any] = {
        **name_fields(name),
        **document_fields(doc),
        **phone_fields(f"139{rng.randrange(10**8):08d}"),
    }
    return Patron(
        card_number=card,
        **fields,
        birth_date=doc.birth_date,
        sex=doc.sex.value if doc.sex else "",
        category=category,
        home_branch=branch,
        registered_at=local(2015, 1, 1),
        registration_channel="migration",
        reader_token=token,
        pin_hash=pin_hash(token, "246810"),
    )
