"""The benchmark's database: the one given, or a fresh SQLite file with the small demo in it.

Each simulated kiosk gets its own device account, reader and items, so kiosks never compete for
the same item (as at a real library, where two readers do not borrow the same copy).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from copy import copy as shallow_copy
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import F

from bench.load.setup_library import DESK_BOOKS
from bench.sip2.load import KioskPlan

PASSWORD = "bench-kiosk-secret"


def server_environment(database_url: str, var_dir: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "SHUYUAN_VAR": var_dir, "SHUYUAN_LOG_LEVEL": "WARNING"}


def prepare_database(environment: dict[str, str], *, fresh: bool) -> None:
    if fresh:
        for command in (["migrate", "--verbosity", "0"], ["demo", "--small", "--if-empty"]):
            subprocess.run(
                [sys.executable, "-m", "shuyuan", *command], env=environment, check=True, stdout=subprocess.DEVNULL
            )


def vacuum() -> None:
    """On PostgreSQL, ``VACUUM (ANALYZE)`` the tables a kiosk cycle updates (pgbench's way before a run)."""
    from django.db import connection

    from shuyuan.catalog.models import Item
    from shuyuan.circulation.models import Hold, Loan
    from shuyuan.patrons.models import Patron, PatronCard

    if connection.vendor != "postgresql":
        return
    updated = (Loan, Item, Hold, Patron, PatronCard)
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in updated)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


def setup_django(environment: dict[str, str]) -> None:
    for name in ("DATABASE_URL", "SHUYUAN_VAR"):
        os.environ[name] = environment[name]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    import django

    django.setup()


def kiosk_plans(count: int, items_per_kiosk: int) -> tuple[list[KioskPlan], list[str]]:
    """One plan per kiosk (its own reader and items, all of the kiosks' branch), and notes on what
    had to be added: a database with too few free readers or shelved items gets copies of its own."""
    from shuyuan.branches.models import Branch
    from shuyuan.catalog.models import Item
    from shuyuan.patrons.models import Patron

    notes = []
    branch = Branch.objects.order_by("code").first()
    if branch is None:
        raise SystemExit("the benchmark database has no branch: load the demo or give --database-url")
    candidates = list(
        Patron.objects.filter(status__in=[Patron.Status.ACTIVE, Patron.Status.EXPIRED], merged_into__isnull=True)
        .filter(category__kind="adult", cards__status="active", cards__value=F("card_number"))
        .exclude(blocks__lifted_at__isnull=True, blocks__isnull=False)
        .exclude(loans__status="open")
        .exclude(suspensions__lifted_at__isnull=True, suspensions__isnull=False)
        .exclude(overdue_listings__lifted_at__isnull=True, overdue_listings__isnull=False)
        .exclude(compensations__status="open")
        .order_by("pk")[:count]
    )
    if len(candidates) < count:
        notes.append(f"{count - len(candidates)} readers added (copies of a free adult reader)")
        candidates += add_readers(candidates[0], count - len(candidates))
    readers = [renewed(patron).card_number for patron in candidates]
    # Items of the kiosks' own branch, so that a return sends none of them in transit elsewhere.
    shelved = (
        Item.objects.filter(
            status=Item.Status.ON_SHELF,
            item_type__code="BOOK",
            item_type__is_loanable=True,
            home_branch=branch,
            current_branch=branch,
            collection__floats=False,
        )
        .exclude(record__holds__status__in=["waiting", "in_transit", "ready"])
        .exclude(barcode__startswith=DESK_BOOKS)  # lent at the desks of bench.load's web load
        .order_by("pk")
    )
    items = list(shelved.values_list("barcode", flat=True)[: count * items_per_kiosk])
    if len(items) < count * items_per_kiosk:
        missing = count * items_per_kiosk - len(items)
        notes.append(f"{missing} items added (copies of a shelved book of {branch.code})")
        items += add_items(shelved.first(), missing)
    plans = []
    for n in range(count):
        own = items[n * items_per_kiosk : (n + 1) * items_per_kiosk]
        plans.append(KioskPlan(kiosk_account(n), PASSWORD, readers[n], "", tuple(own)))
    return plans, notes


def add_readers(template: Any, count: int) -> list[Any]:
    """``count`` copies of a reader (no ID document, a card each), written in bulk."""
    from shuyuan.patrons.models import Patron, PatronCard

    now = datetime.now(UTC)
    original = Patron.objects.get(pk=template.pk)
    copies = []
    for n in range(count):
        copy = shallow_copy(original)
        copy.pk = None
        copy.card_number = f"BENCH{n:06d}"
        copy.reader_token = secrets.token_hex(16)
        copy.id_number_hash = copy.id_last6_hash = copy.id_number_encrypted = copy.id_number_masked = ""
        copy.phone_hash = copy.phone_encrypted = copy.phone_masked = ""
        copy.status = Patron.Status.ACTIVE
        copy.expires_on = now.date() + timedelta(days=365)
        copies.append(copy)
    made = Patron.objects.bulk_create(copies)
    PatronCard.objects.bulk_create(
        PatronCard(patron=p, kind=PatronCard.Kind.BARCODE, value=p.card_number, issued_at=now) for p in made
    )
    return made


def add_items(template: Any, count: int) -> list[str]:
    """``count`` copies of a shelved item, with barcodes of their own, written in bulk."""
    from shuyuan.catalog.models import Item

    if template is None:
        raise SystemExit("the benchmark database has no shelved book in the kiosks' branch")
    original = Item.objects.get(pk=template.pk)
    copies = []
    for n in range(count):
        copy = shallow_copy(original)
        copy.pk = None
        copy.barcode = f"BENCH{n:08d}"
        copy.rfid_tag = None
        copies.append(copy)
    return [item.barcode for item in Item.objects.bulk_create(copies)]


def renewed(patron: Any) -> Any:
    """The demo's readers registered in 2016; a benchmark run today renews their cards first."""
    from shuyuan.patrons import services

    today = datetime.now(UTC).date()
    if patron.status == patron.Status.EXPIRED or (patron.expires_on and patron.expires_on < today):
        services.renew(patron, at=datetime.now(UTC), by=None)
        patron.refresh_from_db()
    return patron


def kiosk_account(number: int) -> str:
    from shuyuan.devices import services
    from shuyuan.devices.models import Device

    username = f"bench-kiosk-{number:04d}"
    point = kiosk_service_point()
    # Accounts left by an earlier run made before the branch had a self-service point get it now.
    Device.objects.filter(username=username, service_point__isnull=True).update(service_point=point)
    if not Device.objects.filter(username=username).exists():
        services.add(
            kind=Device.Kind.SIP2_KIOSK,
            name=username,
            branch=point.branch,
            service_point=point,
            username=username,
            password=PASSWORD,
            at=datetime.now(UTC),
            by=None,
        )
    return username


def kiosk_service_point() -> Any:
    """The first branch's self-service point (circulation refuses a kiosk without one), made if the
    database has none (the circulation benchmark's has only a lending desk)."""
    from shuyuan.branches.models import Branch, ServicePoint

    branch = Branch.objects.order_by("code").first()
    if branch is None:
        raise SystemExit("the benchmark database has no branch: load the demo or give --database-url")
    point = ServicePoint.objects.filter(branch=branch, kind=ServicePoint.Kind.KIOSK).order_by("pk").first()
    return point or ServicePoint.objects.create(
        branch=branch, kind=ServicePoint.Kind.KIOSK, code=f"{branch.code}-ZZ", name="自助借还机"
    )
