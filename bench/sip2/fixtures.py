"""The benchmark's database: the one given, or a fresh SQLite file with the small demo in it.

Each simulated kiosk gets its own device account, reader and items, so kiosks never compete for
the same item (as at a real library, where two readers do not borrow the same copy).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

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


def setup_django(environment: dict[str, str]) -> None:
    for name in ("DATABASE_URL", "SHUYUAN_VAR"):
        os.environ[name] = environment[name]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    import django

    django.setup()


def kiosk_plans(count: int, items_per_kiosk: int) -> tuple[list[KioskPlan], list[str]]:
    """One plan per kiosk, and notes on what the database lacked (then made-up ids are used)."""
    from shuyuan.catalog.models import Item
    from shuyuan.patrons.models import Patron

    notes = []
    candidates = list(
        Patron.objects.filter(status__in=[Patron.Status.ACTIVE, Patron.Status.EXPIRED], merged_into__isnull=True)
        .exclude(blocks__lifted_at__isnull=True, blocks__isnull=False)
        .exclude(loans__status="open")
        .exclude(suspensions__lifted_at__isnull=True, suspensions__isnull=False)
        .exclude(overdue_listings__lifted_at__isnull=True, overdue_listings__isnull=False)
        .order_by("pk")[:count]
    )
    readers = [renewed(patron).card_number for patron in candidates]
    items = list(
        Item.objects.filter(status=Item.Status.ON_SHELF, item_type__is_loanable=True).values_list("barcode", flat=True)[
            : count * items_per_kiosk
        ]
    )
    if len(readers) < count:
        notes.append(f"only {len(readers)} readers free to borrow; the other kiosks use unknown card numbers")
    if len(items) < count * items_per_kiosk:
        notes.append(f"only {len(items)} items on the shelf; the other kiosks use unknown barcodes")
    plans = []
    for n in range(count):
        patron = readers[n] if n < len(readers) else f"BENCH-NO-READER-{n}"
        own = items[n * items_per_kiosk : (n + 1) * items_per_kiosk] or [f"BENCH-NO-ITEM-{n}-{i}" for i in range(3)]
        plans.append(KioskPlan(kiosk_account(n), PASSWORD, patron, "", tuple(own)))
    return plans, notes


def renewed(patron: Any) -> Any:
    """The demo's readers registered in 2016; a benchmark run today renews their cards first."""
    from shuyuan.patrons import services

    today = datetime.now(UTC).date()
    if patron.status == patron.Status.EXPIRED or (patron.expires_on and patron.expires_on < today):
        services.renew(patron, at=datetime.now(UTC), by=None)
        patron.refresh_from_db()
    return patron


def kiosk_account(number: int) -> str:
    from shuyuan.branches.models import Branch, ServicePoint
    from shuyuan.devices import services
    from shuyuan.devices.models import Device

    username = f"bench-kiosk-{number:04d}"
    if not Device.objects.filter(username=username).exists():
        branch = Branch.objects.order_by("code").first()
        if branch is None:
            raise SystemExit("the benchmark database has no branch: load the demo or give --database-url")
        point = ServicePoint.objects.filter(branch=branch, kind=ServicePoint.Kind.KIOSK).first()
        services.add(
            kind=Device.Kind.SIP2_KIOSK,
            name=username,
            branch=branch,
            service_point=point,
            username=username,
            password=PASSWORD,
            at=datetime.now(UTC),
            by=None,
        )
    return username
