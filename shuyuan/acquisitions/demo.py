"""Demo: the seed library's acquisitions in the first half of 2016.

Vendors in Beijing and Changsha; the 2016 book budget; one order a month, each received in two
shipments (the vendor's MARC file and barcode list, through ``receive_batch``), together 4 500+
new volumes by 06-30; invoices, a claim, a copy the order did not ask for; readers' purchase
suggestions; local documents donated under the solicitation campaign (40 kinds, 102 volumes by
06-12); the book-exchange pool for the 04-24 fair (800+ prepared, 850+ exchanged, 500+ visits).
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from decimal import Decimal

from shuyuan import numbering
from shuyuan.acquisitions import queries, services
from shuyuan.acquisitions.models import Donation, Fund, Order, PoolMovement, PurchaseSuggestion, Vendor
from shuyuan.catalog.demo_records import KINDS, RecordMaker
from shuyuan.catalog.marc import MarcFormat
from shuyuan.catalog.marc.numbers import clean_isbn
from shuyuan.catalog.models import Collection, ItemType
from shuyuan.catalog.records import marc_for
from shuyuan.demo import DemoContext, local
from shuyuan.patrons.models import Patron

VENDORS = [
    # name, city, contact, discount
    ("北京人天书店有限公司", "北京", "王经理", "0.720"),
    ("湖南省新华书店有限责任公司", "长沙", "李经理", "0.780"),
    ("长沙弘道文化传播有限公司", "长沙", "陈经理", "0.750"),
]
ORDER_MONTHS = [(1, 6), (2, 16), (3, 7), (4, 6), (5, 5), (6, 1)]
FIRST_BARCODE = 60_000_001  # the vendors print the library's barcodes, from a range set aside for them
CAMPAIGN = ("醴陵地方文献征集", "关于征集醴陵地方文献的通知（醴图发〔2016〕1号）", date(2016, 1, 5))
LOCAL_DONATIONS = [
    # donor, kind, day, number of titles, volumes
    ("醴陵市地方志办公室", "organisation", date(2016, 1, 20), 6, 18),
    ("醴陵市档案局", "organisation", date(2016, 2, 26), 5, 14),
    ("醴陵陶瓷博物馆", "organisation", date(2016, 3, 15), 4, 9),
    ("刘建华", "person", date(2016, 3, 28), 3, 6),
    ("醴陵市政协文史委员会", "organisation", date(2016, 4, 8), 6, 17),
    ("湖南醴陵一中", "organisation", date(2016, 4, 27), 3, 8),
    ("张文清", "person", date(2016, 5, 10), 2, 4),
    ("醴陵市文化馆", "organisation", date(2016, 5, 19), 5, 12),
    ("易新民", "person", date(2016, 5, 31), 3, 7),
    ("醴陵市烟花爆竹行业协会", "organisation", date(2016, 6, 12), 3, 7),
    ("黄德胜", "person", date(2016, 6, 28), 1, 2),  # after the report's period
]
LOCAL_TITLES = [
    "醴陵县志",
    "醴陵市志（1989-2005）",
    "醴陵年鉴2014",
    "醴陵年鉴2015",
    "醴陵瓷业志",
    "醴陵釉下五彩瓷",
    "醴陵烟花史话",
    "渌江书院志",
    "醴陵文史资料（第一辑）",
    "醴陵文史资料（第二辑）",
    "醴陵文史资料（第三辑）",
    "醴陵名人录",
    "醴陵方言志",
    "醴陵民间故事集",
    "醴陵傩戏",
    "醴陵花鼓戏剧目选",
    "左权将军在醴陵",
    "李立三与醴陵",
    "醴陵老照片",
    "醴陵古桥",
    "醴陵地名录",
    "醴陵风物志",
    "醴陵诗词选",
    "渌水流长",
    "醴陵教育志",
    "醴陵农业志",
    "醴陵交通志",
    "醴陵卫生志",
    "醴陵烟花爆竹志",
    "醴陵商会史",
    "醴陵红色记忆",
    "醴陵非物质文化遗产",
    "醴陵陶瓷艺术家",
    "醴陵姓氏源流",
    "状元洲",
    "仙岳山志",
    "醴陵书院考",
    "醴陵乡贤",
    "醴陵老街",
    "醴陵美食",
    "醴陵客家",
    "醴陵谱牒概览",
]
SUGGESTIONS = [
    # title, readers, answer (None: accepted and ordered)
    ("人类简史：从动物到上帝", 4, None),
    ("解忧杂货店", 3, None),
    ("平凡的世界（普及本）", 2, None),
    ("三体（全集）", 3, None),
    ("小王子", 2, None),
    ("Python编程：从入门到实践", 1, "本馆已有同类图书多种，暂不采购"),
    ("考研英语真题详解", 2, "应试类图书不在本馆采访范围"),
    ("醴陵釉下彩绘技法", 1, ""),  # still waiting
]


def load(ctx: DemoContext) -> None:
    if Vendor.objects.filter(name=VENDORS[0][0]).exists():
        return
    start = local(2016, 1, 4)
    vendors = [
        services.add_vendor(name, city=city, contact=contact, discount=Decimal(discount), at=start, by=None)
        for name, city, contact, discount in VENDORS
    ]
    books = services.add_fund("GS", "购书经费", 2016, Decimal("420000.00"), at=start, by=None)
    services.add_fund("DF", "地方文献征集经费", 2016, Decimal("20000.00"), at=start, by=None)
    suggestions = _suggestions(ctx)
    volumes = _orders(ctx, vendors, books, suggestions)
    _local_documents()
    _exchange_pool()
    kinds, local_volumes = queries.local_document_counts(until=date(2016, 6, 12))
    ctx.say(
        f"  acquisitions: {volumes} volumes received; local documents by 06-12: {kinds} kinds, {local_volumes} volumes"
    )


def _collections() -> dict[str, Collection]:
    return {c.code: c for c in Collection.objects.filter(code__in=["LL01-WJ", "LL01-SE", "LL01-YL"])}


def _suggestions(ctx: DemoContext) -> list[PurchaseSuggestion]:
    readers = list(Patron.objects.order_by("pk")[:20])
    accepted: list[PurchaseSuggestion] = []
    if not readers:
        return accepted
    n = 0
    for title, count, answer in SUGGESTIONS:
        asked = []
        for _ in range(count):
            day = local(2016, 3, 1 + n % 20, 15)
            asked.append(services.suggest(readers[n % len(readers)], title=title, at=day, by=None))
            n += 1
        if answer is None:  # answering one reader answers every reader who asked for the title
            services.accept_suggestion(asked[0], at=local(2016, 4, 6), by=None)
            accepted.extend(PurchaseSuggestion.objects.filter(pk__in=[s.pk for s in asked]).order_by("pk"))
        elif answer:
            services.decline_suggestion(asked[0], reason=answer, at=local(2016, 4, 6), by=None)
    return accepted


def _orders(ctx: DemoContext, vendors: list[Vendor], fund: Fund, suggestions: list[PurchaseSuggestion]) -> int:
    collections = _collections()
    item_types = {t.code: t for t in ItemType.objects.all()}
    maker = RecordMaker(ctx.rng("acquisitions"), cataloguing_year=2016)
    maker.kinds = [kind for kind in KINDS if kind.collection in ("WJ", "SE")]
    maker.weights = [kind.share for kind in maker.kinds]
    titles_per_order = ctx.scale(260, 6)
    serial = FIRST_BARCODE
    form = numbering.item_form()
    received = 0
    for month_index, (month, day) in enumerate(ORDER_MONTHS):
        placed = local(2016, month, day, 10)
        vendor = vendors[month_index % len(vendors)]
        bibs = []
        specs: list[services.LineSpec] = []
        for kind, bib in maker.records(titles_per_order):
            bib.control_number = f"CG2016{maker.serial:06d}"
            if not bib.isbns or bib.invalid_isbns:
                continue
            bibs.append(bib)
            price = Decimal(bib.price.removeprefix("CNY"))
            own = collections.get(f"LL01-{kind.collection}") or collections["LL01-WJ"]
            item_type = item_types[kind.item_type]
            specs.append(
                services.LineSpec(
                    title=bib.title,
                    quantity=2,
                    price=price,
                    collection=own,
                    item_type=item_type,
                    isbn=bib.isbn,
                    author=bib.responsibility,
                    publisher=bib.publisher,
                    clc=bib.clc,
                )
            )
            specs.append(
                services.LineSpec(
                    title=bib.title,
                    quantity=1,
                    price=price,
                    collection=collections["LL01-YL"],
                    item_type=item_type,
                    isbn=bib.isbn,
                    author=bib.responsibility,
                    publisher=bib.publisher,
                    clc=bib.clc,
                )
            )
        if month == 5 and suggestions:
            suggested = services.lines_from_suggestions(
                suggestions, collection=collections["LL01-WJ"], item_type=item_types["BOOK"], price=Decimal("45.00")
            )
            for spec in suggested:
                spec.isbn = spec.isbn or _suggested_isbn(spec.title)
                bibs.append(_bib_for(spec))
            specs.extend(suggested)
        order = services.place_order(
            vendor, fund, specs, source=Order.Source.VENDOR_LIST, at=placed, by=None, number=f"DD2016{month:02d}01"
        )
        # Two shipments: most titles ten days on, the rest three weeks later; in June two titles never come.
        cut = len(bibs) * 2 // 3
        late = bibs[cut:-2] if month == 6 else bibs[cut:]
        for part, when in ((bibs[:cut], placed + timedelta(days=10)), (late, placed + timedelta(days=24))):
            if not part:
                continue
            marc = b"".join(marc_for(bib, MarcFormat.CNMARC, entered=when.date()) for bib in part)
            lines = []
            for bib in part:
                copies = sum(spec.quantity for spec in specs if clean_isbn(spec.isbn) == clean_isbn(bib.isbn))
                for _ in range(copies):
                    lines.append(f"{bib.isbn},{form.format(serial)}")
                    serial += 1
            if month == 3 and part is late:  # a copy the order did not ask for, kept for a person to decide
                lines.append(f"{bibs[0].isbn},{form.format(serial)}")
                serial += 1
            batch = services.receive_batch(
                order, marc, "\n".join(lines), at=when, by=None, file_name=f"{vendor.name}-{when:%Y%m%d}.iso"
            )
            received += batch.volumes
        if month <= 4:
            entries = [
                services.InvoiceItem(line, line.received, line.unit_cost * line.received)
                for line in order.lines.all()
                if line.received
            ]
            services.record_invoice(
                vendor,
                f"FP2016{month:02d}88",
                (placed + timedelta(days=30)).date(),
                entries,
                at=placed + timedelta(days=30),
                by=None,
            )
        if month == 6:
            for line in order.lines.all():
                if line.outstanding:
                    services.claim(line, at=local(2016, 6, 30, 16), by=None, note="第二批到货未见")
    return received


def _suggested_isbn(title: str) -> str:
    body = f"9787{zlib.crc32(title.encode()) % 10**8:08d}"  # the suggestion named no ISBN
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _bib_for(spec: services.LineSpec):  # type: ignore[no-untyped-def]
    from shuyuan.catalog.marc import Bib

    return Bib(
        marc_format=MarcFormat.CNMARC,
        title=spec.title,
        isbns=[spec.isbn],
        publisher="",
        price=f"CNY{spec.price}",
        clc="I247.5",
        call_number="I247.5/S",
    )


def _local_documents() -> None:
    name, notice, started = CAMPAIGN
    campaign = services.add_campaign(name, notice=notice, started_on=started, at=local(2016, 1, 5), by=None)
    titles = iter(LOCAL_TITLES)
    for donor, kind, day, count, volumes in LOCAL_DONATIONS:
        chosen = [next(titles) for _ in range(count)]
        split = [volumes // count + (1 if i < volumes % count else 0) for i in range(count)]
        services.record_donation(
            donor,
            donor_kind=kind,
            publish_name=kind == "organisation",
            received_on=day,
            kinds=0,
            volumes=0,
            destination=Donation.Destination.CATALOGUED,
            campaign=campaign,
            local_titles=[services.LocalTitle(t, v) for t, v in zip(chosen, split, strict=True)],
            at=local(day.year, day.month, day.day, 11),
            by=None,
        )


def _exchange_pool() -> None:
    fair = services.add_fair("“4·23”世界读书日换书大集", held_on=date(2016, 4, 24), at=local(2016, 4, 1), by=None)
    for donor, day, kinds, volumes in (
        ("醴陵市第一中学师生", date(2016, 4, 12), 260, 300),
        ("官山居委会居民", date(2016, 4, 18), 180, 220),
    ):
        services.record_donation(
            donor,
            donor_kind="organisation",
            received_on=day,
            kinds=kinds,
            volumes=volumes,
            destination=Donation.Destination.POOL,
            at=local(day.year, day.month, day.day, 10),
            by=None,
        )
    # The donations above counted themselves into the pool, set aside for this fair.
    PoolMovement.objects.filter(fair__isnull=True, kind=PoolMovement.Kind.DONATED).update(fair=fair)
    at = local(2016, 4, 24, 9)
    services.count_pool(PoolMovement.Kind.WEEDED, 296, fair=fair, at=local(2016, 4, 20), by=None, note="剔旧复本")
    services.count_pool(PoolMovement.Kind.BROUGHT, 74, fair=fair, at=at, by=None)
    services.count_pool(PoolMovement.Kind.EXCHANGED, 858, fair=fair, at=local(2016, 4, 24, 17), by=None, visits=526)
    type(fair).objects.filter(pk=fair.pk).update(volunteers=10)
