"""Run as ``python -m bench.load.setup_library`` with the load test's database configured (the small
demo loaded): adds desk clerks with their own readers and books, a people counter, and prints what the
locust users need as JSON."""

import json
import os
import sys

CLERKS = 20
BOOKS_PER_CLERK = 15
DESK_BOOKS = "LOAD"  # the clerks' books' barcodes begin so; the kiosks beside them take none (bench.sip2.fixtures)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from shuyuan.branches.models import Branch
    from shuyuan.catalog.models import Record
    from shuyuan.devices.models import Device
    from shuyuan.roles import Role
    from shuyuan.testing.branches import make_staff
    from shuyuan.testing.catalog import make_item
    from shuyuan.testing.circulation import make_desk
    from shuyuan.testing.devices import make_device
    from shuyuan.testing.patrons import make_patron

    now = timezone.now()
    branch = Branch.objects.order_by("pk").first()
    desk = make_desk(branch, code="LOAD-DESK")
    clerks = []
    for n in range(CLERKS):
        clerk = make_staff(Role.CIRCULATION, branch, username=f"load-clerk{n}")
        browser = Client()
        browser.force_login(clerk)
        reader = make_patron(f"压测读者{n}", branch=branch, service_point=desk, at=now)
        barcodes = [f"{DESK_BOOKS}{n:02d}{k:03d}" for k in range(BOOKS_PER_CLERK)]
        books = [make_item(barcode=barcode, branch=branch).barcode for barcode in barcodes]
        clerks.append({"session": browser.cookies["sessionid"].value, "card": reader.card_number, "books": books})
    _counter, counter_key = make_device(Device.Kind.PEOPLE_COUNTER, branch, desk, name="压测客流计数器")
    _kiosk, kiosk_key = make_device(Device.Kind.REGISTRATION_KIOSK, branch, desk, name="压测办证机")
    records = list(Record.objects.order_by("pk").values_list("pk", flat=True)[:200])
    words = [t[:2] for t in Record.objects.order_by("pk").values_list("title", flat=True)[:50] if t]
    json.dump(
        {
            "desk": desk.code,
            "branch": branch.code,
            "clerks": clerks,
            "counter_key": counter_key,
            "kiosk_key": kiosk_key,
            "records": records,
            "words": words,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main()
