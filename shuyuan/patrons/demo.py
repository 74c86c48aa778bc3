"""Demo: the seed library's readers in 2016 (DESIGN.md section 7).

Readers of the old deposit-based system, migrated with their old cards in January 2016; the 206 new
cards the lending desk issued from 2016-01-01 to 06-12 (and a few more until 07-07); the registration
kiosk's first cards; online applications; children with guardians; a few group borrowers; old
deposits and their refunds. All ID numbers are synthetic, check-digit-correct, with region codes
of Liling and Zhuzhou. Bulk inserts with the same building blocks the services use (encryption,
keyed hashes), never the slow password hasher.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuyuan import numbering
from shuyuan.audit import log
from shuyuan.branches.demo import remember_login
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.demo import DemoContext, local
from shuyuan.devices.models import Device
from shuyuan.patrons import iddocs, rules
from shuyuan.patrons.conf import patron_settings
from shuyuan.patrons.models import (
    CardSequence,
    DepositRefund,
    Patron,
    PatronCard,
    PatronCategory,
    RegistrationEvent,
)
from shuyuan.patrons.personal import (
    address_fields,
    document_fields,
    guardian_fields,
    name_fields,
    new_reader_token,
    phone_fields,
    pin_hash,
)

DESK_CARDS_TO_JUNE_12 = 206
DESK_CARDS_AFTER = 14
KIOSK_CARDS = 38
DAVINCI_CARDS = 12
ONLINE_CONFIRMED = 6
ONLINE_PENDING = 4
MIGRATED_AT = local(2016, 1, 4, 8)
DEMO_PIN = "246810"
DEMO_READER_CARD = "D000001"  # the first reader of the old system; `make run` prints this card and its PIN
RENEWED_DAYS_AGO = (30, 364)  # readers renew their cards at the desk on a day of the past year

LILING = "430281"
ZHUZHOU = ["430202", "430203", "430204", "430211", "430221", "430223", "430224", "430225"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷"
    "黎史龙陶贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建文辉力志海波宇浩鹏欣怡晨"
    "雨婷轩梓涵子萱思博文彬琳佳琪俊颖雪晓乐宁"
)
STREETS = [
    "仙岳山街道",
    "来龙门街道",
    "阳三石街道",
    "国瓷街道",
    "浦口镇",
    "白兔潭镇",
    "东富镇",
    "王仙镇",
    "泗汾镇",
    "沈潭镇",
]
GROUPS = [
    ("南门中学", "刘老师"),
    ("官山居委会", "李主任"),
    ("浦口镇农家书屋", "王村长"),
    ("白兔潭镇中心小学", "陈老师"),
    ("达芬奇画室", "谭老师"),
]
CATEGORIES = [
    # code, name, kind, max_age, next
    ("ADULT", "成人读者", PatronCategory.Kind.ADULT, None, None),
    ("CHILD", "少儿读者", PatronCategory.Kind.CHILD, 14, "ADULT"),
    ("GROUP", "集体读者", PatronCategory.Kind.GROUP, None, None),
    ("VOLUNTEER", "志愿者读者", PatronCategory.Kind.OTHER, None, None),
]


def load(ctx: DemoContext) -> None:
    categories = _categories()
    if not Patron.objects.exists():
        _load_2016(ctx, categories)
    renew_for_today(ctx)


def _load_2016(ctx: DemoContext, categories: dict[str, PatronCategory]) -> None:
    maker = _Maker(ctx, categories)
    with transaction.atomic():
        maker.migrated(ctx.scale(40_000, 400))
        maker.groups()
        maker.new_cards()
        maker.deposit_refunds(ctx.scale(150, 10))
        maker.save()
        log.record("patron.demo_load", at=ctx.now, by=None, detail={"readers": Patron.objects.count()})
    remember_login(f"reader {maker.known_card} / PIN {DEMO_PIN} (demo reader)")


def renew_for_today(ctx: DemoContext, *, today: date | None = None) -> int:
    """The demo is 2016's, but it is tried today: since then the readers came back to the desk and
    renewed their cards, each on a day of the past year, so that every card is valid today. Only
    cards that expired before ``today`` (default: the real date in the library's time zone) are
    renewed, with a renewal event each; 2016 is left as it was. Returns the number renewed."""
    today = today or timezone.localdate()
    years = patron_settings().card_valid_years
    if years <= 0:
        return 0
    rng = ctx.rng(f"renewals-{today.isoformat()}")
    expired = list(
        Patron.objects.filter(status__in=[Patron.Status.ACTIVE, Patron.Status.EXPIRED], expires_on__lt=today)
        .select_related("category")
        .order_by("pk")
    )
    desks = {p.branch_id: p for p in ServicePoint.objects.filter(code__in=["LL01-DESK", "LL02-DESK"])}
    by_day: dict[date, list[int]] = {}
    events = []
    for patron in expired:
        day = today - timedelta(days=rng.randint(*RENEWED_DAYS_AGO))
        by_day.setdefault(day, []).append(patron.pk)
        at = local(day.year, day.month, day.day, 9 + rng.randrange(8), rng.randrange(60))
        point = desks.get(patron.home_branch_id)
        events.append(
            RegistrationEvent(
                at=at,
                kind=RegistrationEvent.Kind.RENEWED,
                channel=Patron.Channel.DESK,
                branch_id=patron.home_branch_id,
                service_point=point,
                category_kind=patron.category.kind,
                age_band=rules.age_band(iddocs.age_on(patron.birth_date, day) if patron.birth_date else None),
                sex=patron.sex,
                reader_token=patron.reader_token,
                recorded_by="demo",
            )
        )
    with transaction.atomic():
        for day, pks in by_day.items():
            Patron.objects.filter(pk__in=pks).update(
                expires_on=rules.expiry_after(day, years), status=Patron.Status.ACTIVE
            )
        RegistrationEvent.objects.bulk_create(events, batch_size=2000)
    if expired:
        ctx.say(f"  patrons: {len(expired)} cards renewed since 2016")
    return len(expired)


def _categories() -> dict[str, PatronCategory]:
    made: dict[str, PatronCategory] = {}
    for code, name, kind, max_age, following in CATEGORIES:
        made[code], _created = PatronCategory.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "max_age": max_age, "next_category": made.get(following or "")},
        )
    return made


class _Maker:
    """Builds rows in memory and bulk-inserts them; deterministic through ``ctx.rng``."""

    def __init__(self, ctx: DemoContext, categories: dict[str, PatronCategory]) -> None:
        self.ctx = ctx
        self.rng: random.Random = ctx.rng("patrons")
        self.categories = categories
        self.central = Branch.objects.get(code="LL01")
        self.davinci = Branch.objects.get(code="LL02")
        self.points = {p.code: p for p in ServicePoint.objects.filter(code__in=["LL01-DESK", "LL02-DESK"])}
        self.kiosk = Device.objects.filter(kind=Device.Kind.REGISTRATION_KIOSK, branch=self.central).first()
        self.used: set[str] = set()
        self.patrons: list[Patron] = []
        self.cards: list[PatronCard] = []
        self.events: list[RegistrationEvent] = []
        self.refunds: list[DepositRefund] = []
        self.adults: list[Patron] = []
        self.wards: list[tuple[Patron, Patron]] = []
        self.next_card = 1
        self.known_card = ""

    # People

    def _name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def _document(self, birth: date) -> iddocs.IdDocument:
        region = LILING if self.rng.random() < 0.7 else self.rng.choice(ZHUZHOU)
        while True:
            number = iddocs.compose_resident_id(region, birth, self.rng.randrange(1, 1000))
            if number not in self.used:
                self.used.add(number)
                return iddocs.parse(number, today=self.ctx.now.date())

    def _phone(self) -> str:
        prefix = self.rng.choice(
            [
                "133",
                "135",
                "136",
                "137",
                "138",
                "139",
                "150",
                "151",
                "152",
                "158",
                "159",
                "180",
                "186",
                "187",
                "188",
                "189",
            ]
        )
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def _birth(self, oldest: int, youngest: int, on: date) -> date:
        return on - timedelta(days=self.rng.randrange(youngest * 365 + 1, oldest * 365 + 200))

    def _patron(
        self,
        *,
        birth: date,
        at: datetime,
        channel: str,
        card: str,
        card_kind: str,
        branch: Branch,
        point: ServicePoint | None,
        **extra: Any,
    ) -> Patron:
        doc = self._document(birth)
        age = iddocs.age_on(birth, self.ctx.now.date())
        category = self.categories["CHILD"] if age < 14 else self.categories["ADULT"]
        token = new_reader_token()
        patron = Patron(
            card_number=card,
            **name_fields(extra.pop("name", None) or self._name()),
            **document_fields(doc),
            **phone_fields(self._phone() if age >= 14 or self.rng.random() < 0.3 else ""),
            **(
                address_fields(f"醴陵市{self.rng.choice(STREETS)}{self.rng.randrange(1, 300)}号")
                if self.rng.random() < 0.4
                else {}
            ),
            birth_date=doc.birth_date,
            sex=doc.sex.value if doc.sex else "",
            category=category,
            home_branch=branch,
            registered_at=at,
            registration_channel=channel,
            registration_service_point=point,
            expires_on=rules.expiry_after(max(at, MIGRATED_AT).date(), patron_settings().card_valid_years),
            pin_hash=pin_hash(token, self._pin()) if self.rng.random() < 0.8 else "",
            reader_token=token,
            keeps_reading_history=self.rng.random() < 0.2,
            **extra,
        )
        if iddocs.age_on(birth, at.date()) < 14 and self.adults:
            self._add_guardian(patron, at)
        elif age >= 25:
            self.adults.append(patron)
        self.patrons.append(patron)
        self.cards.append(PatronCard(patron=patron, kind=card_kind, value=card, issued_at=at))
        return patron

    def _pin(self) -> str:
        while True:
            pin = f"{self.rng.randrange(10**6):06d}"
            if rules.pin_problem(pin, length=6) is None:
                return pin

    def _add_guardian(self, child: Patron, at: datetime) -> None:
        if self.rng.random() < 0.8:
            self.wards.append((child, self.rng.choice(self.adults)))
        else:
            parent = self._document(self._birth(50, 28, at.date()))
            for field, value in guardian_fields(parent, self._phone()).items():
                setattr(child, field, value)
            child.guardian_name = child.name[0] + self._name()[1:]
        child.guardian_relation = self.rng.choice(["父亲", "母亲", "祖父", "祖母"])
        child.guardian_consent_at = at

    def _event(
        self, patron: Patron, kind: str, at: datetime, point: ServicePoint | None, device: Device | None = None
    ) -> None:
        self.events.append(
            RegistrationEvent(
                at=at,
                kind=kind,
                channel=patron.registration_channel,
                branch=point.branch if point else patron.home_branch,
                service_point=point,
                device=device,
                category_kind=patron.category.kind,
                age_band=rules.age_band(iddocs.age_on(patron.birth_date, at.date()) if patron.birth_date else None),
                sex=patron.sex,
                reader_token=patron.reader_token,
                recorded_by="demo",
            )
        )

    def _new_card_number(self) -> str:
        value = numbering.card_form().format(self.next_card)
        self.next_card += 1
        return value

    # Scenario

    def migrated(self, count: int) -> None:
        """The old system's readers, moved over with their cards; some had paid a deposit."""
        last = date(2015, 12, 31)
        for index in range(count):
            child = self.rng.random() < 0.12
            birth = self._birth(13, 4, MIGRATED_AT.date()) if child else self._birth(80, 16, MIGRATED_AT.date())
            first = max(date(2003, 1, 1), birth + timedelta(days=3 * 366))
            registered = first + timedelta(days=self.rng.randrange((last - first).days + 1))
            at = local(registered.year, registered.month, registered.day, 9 + self.rng.randrange(8))
            deposit = Decimal(self.rng.choice(["50", "100"])) if self.rng.random() < 0.1 else Decimal("0")
            patron = self._patron(
                birth=birth,
                at=at,
                channel=Patron.Channel.MIGRATION,
                card=DEMO_READER_CARD if index == 0 else f"D{index + 1:06d}",
                card_kind=PatronCard.Kind.LEGACY,
                branch=self.central,
                point=None,
                legacy_deposit=deposit,
            )
            self._event(patron, RegistrationEvent.Kind.IMPORTED, MIGRATED_AT, None)
            if index == 0:
                patron.pin_hash = pin_hash(patron.reader_token, DEMO_PIN)
                self.known_card = patron.card_number

    def groups(self) -> None:
        for index, (name, contact) in enumerate(GROUPS):
            at = local(2015, 9, 1 + index)
            token = new_reader_token()
            patron = Patron(
                card_number=f"G{index + 1:04d}",
                **name_fields(name),
                **phone_fields(self._phone()),
                contact_name=contact,
                category=self.categories["GROUP"],
                home_branch=self.central,
                registered_at=at,
                registration_channel=Patron.Channel.MIGRATION,
                reader_token=token,
                expires_on=rules.expiry_after(MIGRATED_AT.date(), patron_settings().card_valid_years),
            )
            self.patrons.append(patron)
            self.cards.append(
                PatronCard(patron=patron, kind=PatronCard.Kind.LEGACY, value=patron.card_number, issued_at=at)
            )
            self._event(patron, RegistrationEvent.Kind.IMPORTED, MIGRATED_AT, None)

    def new_cards(self) -> None:
        desk, davinci = self.points["LL01-DESK"], self.points["LL02-DESK"]
        days = _days(date(2016, 1, 1), date(2016, 6, 12))
        for day in sorted(self.rng.choice(days) for _ in range(DESK_CARDS_TO_JUNE_12)):
            self._registered(day, Patron.Channel.DESK, desk)
        for day in sorted(self.rng.choice(_days(date(2016, 6, 13), date(2016, 7, 7))) for _ in range(DESK_CARDS_AFTER)):
            self._registered(day, Patron.Channel.DESK, desk)
        if self.kiosk is not None:
            for day in sorted(self.rng.choice(_days(date(2016, 6, 1), date(2016, 7, 7))) for _ in range(KIOSK_CARDS)):
                self._registered(day, Patron.Channel.KIOSK, self.kiosk.service_point, device=self.kiosk)
        for _ in range(DAVINCI_CARDS):
            self._registered(date(2016, 7, 7), Patron.Channel.DESK, davinci)
        for index in range(ONLINE_CONFIRMED + ONLINE_PENDING):
            applied = self.rng.choice(_days(date(2016, 5, 1), date(2016, 7, 5)))
            self._online(applied, confirm=index < ONLINE_CONFIRMED)

    def _registered(self, day: date, channel: str, point: ServicePoint | None, device: Device | None = None) -> None:
        at = local(day.year, day.month, day.day, 9 + self.rng.randrange(8), self.rng.randrange(60))
        child = self.rng.random() < 0.2
        birth = self._birth(13, 3, day) if child else self._birth(75, 14, day)
        branch = point.branch if point else self.central
        patron = self._patron(
            birth=birth,
            at=at,
            channel=channel,
            card=self._new_card_number(),
            card_kind=PatronCard.Kind.BARCODE,
            branch=branch,
            point=point,
        )
        self._event(patron, RegistrationEvent.Kind.NEW_CARD, at, point, device)

    def _online(self, applied: date, *, confirm: bool) -> None:
        at = local(applied.year, applied.month, applied.day, 20)
        patron = self._patron(
            birth=self._birth(60, 18, applied),
            at=at,
            channel=Patron.Channel.WEB,
            card=self._new_card_number(),
            card_kind=PatronCard.Kind.BARCODE,
            branch=self.central,
            point=None,
        )
        patron.status = Patron.Status.PENDING
        self._event(patron, RegistrationEvent.Kind.PENDING, at, None)
        if confirm:
            visit = at + timedelta(days=1 + self.rng.randrange(3), hours=-10)
            patron.status = Patron.Status.ACTIVE
            patron.registration_service_point = self.points["LL01-DESK"]
            self._event(patron, RegistrationEvent.Kind.NEW_CARD, visit, self.points["LL01-DESK"])

    def deposit_refunds(self, count: int) -> None:
        holders = [p for p in self.patrons if p.legacy_deposit > 0]
        for patron in self.rng.sample(holders, min(count, len(holders))):
            day = self.rng.choice(_days(date(2016, 1, 4), date(2016, 6, 30)))
            self.refunds.append(
                DepositRefund(
                    card_number=patron.card_number,
                    name=patron.name,
                    amount=patron.legacy_deposit,
                    receipt_number=f"TY2016{len(self.refunds) + 1:04d}",
                    refunded_at=local(day.year, day.month, day.day, 10),
                    refunded_by="circulation",
                    branch=self.central,
                    patron=patron,
                )
            )
            patron.legacy_deposit = Decimal("0")

    def save(self) -> None:
        Patron.objects.bulk_create(self.patrons, batch_size=2000)
        for card in self.cards:
            card.patron_id = card.patron.pk
        for refund in self.refunds:
            refund.patron_id = refund.patron.pk if refund.patron else None
        # Guardians are rows of the same bulk insert: link them now that they have keys.
        for ward, guardian in self.wards:
            ward.guardian_id = guardian.pk
        Patron.objects.bulk_update([ward for ward, _guardian in self.wards], ["guardian"], batch_size=2000)
        PatronCard.objects.bulk_create(self.cards, batch_size=2000)
        RegistrationEvent.objects.bulk_create(self.events, batch_size=2000)
        DepositRefund.objects.bulk_create(self.refunds)
        CardSequence.objects.update_or_create(
            prefix=numbering.card_form().prefix, defaults={"next_value": self.next_card}
        )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
