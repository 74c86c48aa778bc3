"""The benchmark's database contents, written in bulk: one branch with a desk, items, readers, past
loans with their events, one rule that lets a reader hold 500 loans, and a reader with 400 loans."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from shuyuan.branches.models import Branch, Library, ServicePoint
from shuyuan.catalog.models import Collection, Item, ItemType, Record
from shuyuan.circulation.models import Channel, CirculationEvent, Loan, LoanRule
from shuyuan.fastsql import copy_rows
from shuyuan.patrons.models import Patron, PatronCard, PatronCategory

BATCH = 5000


def require_empty() -> None:
    if Loan.objects.exists() or Item.objects.exists():
        raise SystemExit(
            "the benchmark needs an empty database (unset DATABASE_URL for a fresh SQLite file), "
            "or --reuse for one it built before"
        )


def built() -> tuple[Branch, ServicePoint, ItemType, PatronCategory]:
    """The setting of a database this benchmark filled before (``--build-only``)."""
    try:
        desk = ServicePoint.objects.select_related("branch").get(code="BB01-DESK")
        return desk.branch, desk, ItemType.objects.get(code="BOOK"), PatronCategory.objects.get(code="ADULT")
    except (ServicePoint.DoesNotExist, ItemType.DoesNotExist, PatronCategory.DoesNotExist) as exc:
        raise SystemExit("--reuse needs a database this benchmark built (--build-only)") from exc


@transaction.atomic
def setting() -> tuple[Branch, ServicePoint, ItemType, PatronCategory]:
    library = Library.objects.create(code="BENCH", name="基准测试图书馆")
    branch = Branch.objects.create(library=library, code="BB01", name="总馆", kind=Branch.Kind.CENTRAL)
    desk = ServicePoint.objects.create(
        branch=branch, code="BB01-DESK", name="外借处", kind=ServicePoint.Kind.LENDING_DESK
    )
    book = ItemType.objects.get_or_create(code="BOOK", defaults={"name": "普通图书"})[0]
    adult = PatronCategory.objects.get_or_create(code="ADULT", defaults={"name": "成人读者", "kind": "adult"})[0]
    LoanRule.objects.create(
        loan_days=30,
        max_loans=500,
        max_loans_of_type=500,
        max_renewals=1,
        renewal_days=30,
        max_holds=5,
        hold_pickup_days=7,
        updated_at=timezone.now(),
    )
    return branch, desk, book, adult


@transaction.atomic
def fill_items(count: int, branch: Branch, book: ItemType, now: datetime) -> None:
    collection = Collection.objects.create(code="BB01-WJ", name="中文图书外借", branch=branch)
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        records = Record.objects.bulk_create(
            Record(title=f"基准图书{n}", created_at=now, updated_at=now) for n in numbers if n % 3 == 0
        )
        items = []
        for n in numbers:
            record = records[(n - first) // 3] if (n - first) // 3 < len(records) else records[-1]
            items.append(
                Item(
                    record=record,
                    barcode=f"B{n:09d}",
                    item_type=book,
                    collection=collection,
                    call_number=f"I247.5/{n}",
                    call_number_sort=f"I247.5/{n:09d}",
                    home_branch=branch,
                    current_branch=branch,
                    status=Item.Status.ON_SHELF,
                    created_at=now,
                    status_changed_at=now,
                )
            )
        Item.objects.bulk_create(items)


@transaction.atomic
def fill_patrons(count: int, branch: Branch, adult: PatronCategory, now: datetime) -> None:
    """Readers with their library card (the card table is what a kiosk or the desk looks up)."""
    for first in range(0, count, BATCH):
        made = Patron.objects.bulk_create(
            Patron(
                card_number=f"R{n:09d}",
                name=f"读者{n}",
                category=adult,
                home_branch=branch,
                registered_at=now,
                registration_channel=Patron.Channel.MIGRATION,
                reader_token=secrets.token_hex(16),
            )
            for n in range(first, min(count, first + BATCH))
        )
        PatronCard.objects.bulk_create(
            PatronCard(patron=p, kind=PatronCard.Kind.BARCODE, value=p.card_number, issued_at=now) for p in made
        )


@transaction.atomic
def fill_past_loans(count: int, branch: Branch, desk: ServicePoint, book: ItemType, seed: int, now: datetime) -> None:
    """Returned loans of the last years and their checkout and checkin events (the table sizes a
    county library has after a few years), written as plain rows: two million loans as model
    instances took minutes to build."""
    rng = random.Random(seed)
    item_ids = list(Item.objects.values_list("pk", flat=True))
    readers = list(Patron.objects.values_list("pk", "reader_token"))
    when = connection.ops.adapt_datetimefield_value
    empty = connection.ops.adapt_json_value({}, None)
    for first in range(0, count, BATCH):
        loans, events = [], []
        for _n in range(first, min(first + BATCH, count)):
            out = now - timedelta(days=rng.uniform(40, 1500))
            back = out + timedelta(days=rng.uniform(1, 30))
            item_id, (patron_id, token) = rng.choice(item_ids), rng.choice(readers)
            due = when(out + timedelta(days=30))
            opened = (item_id, patron_id, book.pk, branch.pk, desk.pk, Channel.DESK, Loan.Status.RETURNED)
            loans.append((*opened, when(out), due, 0, False, False, when(back), branch.pk, 0))
            for kind, at in ((CirculationEvent.Kind.CHECKOUT, out), (CirculationEvent.Kind.CHECKIN, back)):
                where = (Channel.DESK, branch.pk, desk.pk, item_id, book.pk, branch.pk, None)
                events.append((when(at), kind, *where, "", token, "bench", empty))
        copy_rows(Loan, LOAN_FIELDS, loans)  # PostgreSQL: COPY; SQLite: multi-row INSERTs
        copy_rows(CirculationEvent, EVENT_FIELDS, events)


LOAN_FIELDS = (
    "item",
    "patron",
    "item_type",
    "branch",
    "service_point",
    "channel",
    "status",
    "checked_out_at",
    "due_at",
    "renewals",
    "is_group_loan",
    "is_migrated",
    "closed_at",
    "return_branch",
    "overdue_days",
)
EVENT_FIELDS = (
    "at",
    "kind",
    "channel",
    "branch",
    "service_point",
    "item",
    "item_type",
    "item_home_branch",
    "patron_category",
    "age_band",
    "reader_token",
    "by_label",
    "detail",
)


@transaction.atomic
def give_loans(patron: Patron, items: list[Item], branch: Branch, book: ItemType, now: datetime) -> None:
    """``items`` on loan to ``patron`` (the reader with 400 loans)."""
    Item.objects.filter(pk__in=[i.pk for i in items]).update(status=Item.Status.ON_LOAN)
    Loan.objects.bulk_create(
        Loan(
            item=i,
            patron=patron,
            item_type=book,
            branch=branch,
            channel=Channel.DESK,
            checked_out_at=now,
            due_at=now + timedelta(days=30),
        )
        for i in items
    )


def analyze() -> None:
    """Planner statistics after the bulk load, as a running database has them (PostgreSQL's
    autovacuum would gather them within minutes; without them it plans for empty tables)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
