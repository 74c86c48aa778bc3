"""Demo: the seed library's collection as re-catalogued in early 2016, and the 达芬奇画室 branch's books.

Tens of thousands of records (``--small``: a few hundred) across the CLC classes, stored through
the same service as a MARC import, with their copies in the central library's collections; most
copies keep the barcode of the old system as an OldBarcode (the library relabelled everything).
On 2016-07-06 about 2 000 selected copies and 500 donated books go to the new 达芬奇画室 branch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import count, islice

from shuyuan import numbering
from shuyuan.branches.models import Branch
from shuyuan.catalog import services
from shuyuan.catalog.defaults import ensure_item_types
from shuyuan.catalog.demo_records import Kind, RecordMaker, holdings_for
from shuyuan.catalog.marc import Bib, Holding, MarcFormat
from shuyuan.catalog.models import Collection, ImportBatch
from shuyuan.catalog.placement import Placement
from shuyuan.catalog.records import Incoming, marc_for
from shuyuan.demo import DemoContext, local

DEMO_FILE = "演示数据：醴陵市图书馆重新编目的馆藏"
COLLECTIONS = [
    # code, name, branch, shelving location
    ("LL01-WJ", "中文图书外借", "LL01", "外借处书库"),
    ("LL01-SE", "少儿图书", "LL01", "少儿阅览室"),
    ("LL01-YL", "综合阅览室藏书", "LL01", "综合阅览室"),
    ("LL01-DF", "地方文献", "LL01", "地方文献室"),
    ("LL01-QK", "期刊合订本", "LL01", "过刊库"),
    ("LL01-ST", "视听资料", "LL01", "共享工程室"),
    ("LL02-HS", "画室分馆图书", "LL02", "达芬奇画室分馆"),
]
BATCH = 1000
RECATALOGUING = (local(2016, 1, 4), local(2016, 3, 31, 17))
BRANCH_STOCKED_AT = local(2016, 7, 6, 10)
OLD_SYSTEM_SHARE = 0.92  # copies that came from the old system (the rest: bought since, new labels only)


def load(ctx: DemoContext) -> None:
    ensure_item_types()
    _ensure_collections()
    if ImportBatch.objects.filter(file_name=DEMO_FILE).exists():
        return
    records, selected, donated = ctx.scale(30_000, 300), ctx.scale(2_040, 30), ctx.scale(520, 10)
    maker = RecordMaker(ctx.rng("catalog"))
    old_barcodes = (f"{n:07d}" for n in count(104_381, 3))
    batch = services.create_import(
        ImportBatch.Kind.MARC,
        file_name=DEMO_FILE,
        path="",
        file_size=0,
        options={"demo": True},
        dry_run=False,
        at=RECATALOGUING[0],
        by=None,
    )
    services.start_import(batch, at=RECATALOGUING[0], by=None)
    placement = Placement.load(
        branch_code="LL01", collection_code="LL01-WJ", barcode_prefix=numbering.item_form().prefix
    )
    chosen: list[tuple[Kind, Bib]] = []
    main = _main_collection(ctx, maker, records, selected, old_barcodes, chosen)
    _store(batch, main, placement, _spread(RECATALOGUING, records))
    branch = _branch_stock(ctx, maker, chosen, donated, start=records + 1)
    _store(batch, branch, placement, lambda _n: BRANCH_STOCKED_AT)
    services.finish_import(batch, at=BRANCH_STOCKED_AT, by=None)
    ctx.say(f"  catalog: {records + donated} records")


def _ensure_collections() -> None:
    branches = {branch.code: branch for branch in Branch.objects.filter(code__in=["LL01", "LL02"])}
    for code, name, branch_code, location in COLLECTIONS:
        if branch_code in branches:
            Collection.objects.get_or_create(
                code=code, defaults={"name": name, "branch": branches[branch_code], "shelving_location": location}
            )


def _main_collection(
    ctx: DemoContext,
    maker: RecordMaker,
    records: int,
    selected: int,
    old_barcodes: Iterator[str],
    chosen: list[tuple[Kind, Bib]],
) -> Iterator[Incoming]:
    pick = ctx.rng("catalog-branch")
    # Literature and children's books are about 41 %; half as many again, so the selection is
    # complete well before the end of the catalogue, whatever the draw.
    share = min(1.0, 1.5 * selected / max(1, records * 0.41))
    for number, (kind, bib) in enumerate(maker.records(records), start=1):
        copies = maker.copies(kind, bib)
        from_old_system = pick.random() < OLD_SYSTEM_SHARE
        bib.holdings = holdings_for(bib, kind, copies, old_barcodes=old_barcodes if from_old_system else None)
        if kind.name in ("literature", "children") and len(chosen) < selected and pick.random() < share:
            chosen.append((kind, bib))
        yield _incoming(number, bib)


def _branch_stock(
    ctx: DemoContext, maker: RecordMaker, chosen: list[tuple[Kind, Bib]], donated: int, *, start: int
) -> Iterator[Incoming]:
    """One more copy of each selected record for the new branch, then the donated second-hand books."""
    for number, (_kind, bib) in enumerate(chosen, start=start):
        bib.holdings = [_branch_copy(bib)]
        yield _incoming(number, bib)
    kinds = [kind for kind in maker.kinds if kind.name in ("literature", "children")]
    for number in range(start + len(chosen), start + len(chosen) + donated):
        bib = maker.make(maker.rng.choice(kinds))
        bib.year = min(bib.year or 2010, 2014)
        bib.holdings = [_branch_copy(bib, note="捐赠")]
        yield _incoming(number, bib)


def _branch_copy(bib: Bib, *, note: str = "") -> Holding:
    return Holding(
        barcode="",
        call_number=bib.call_number,
        branch_code="LL02",
        collection_code="LL02-HS",
        price=bib.price,
        note=note,
        item_type_code="CHILD" if bib.clc.startswith(("I28", "Z228")) else "BOOK",
    )


def _incoming(number: int, bib: Bib) -> Incoming:
    return Incoming(number, None, bib, marc_for(bib, MarcFormat.CNMARC, entered=date(2016, 1, 4)), MarcFormat.CNMARC)


def _spread(period: tuple[datetime, datetime], total: int) -> Callable[[int], datetime]:
    first, last = period
    span = (last - first) / max(1, total)
    return lambda number: first + span * number


def _store(
    batch: ImportBatch, entries: Iterator[Incoming], placement: Placement, when: Callable[[int], datetime]
) -> None:
    while chunk := list(islice(entries, BATCH)):
        at = when(chunk[-1].number)
        services.store_records(batch, chunk, [], placement=placement, position=None, at=at, by=None)
