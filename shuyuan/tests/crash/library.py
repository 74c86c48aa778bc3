"""Run as ``python -m shuyuan.tests.crash.library`` with the crash test's database configured: makes a
small library (kiosks, readers, items, a registration kiosk) and prints what the load needs as JSON."""

import json
import os
import sys

KIOSKS = 4
DESKS = 2
ITEMS_PER_KIOSK = 12
PASSWORD = "crash-kiosk-secret"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from shuyuan.branches.models import ServicePoint
    from shuyuan.devices.models import Device
    from shuyuan.roles import Role
    from shuyuan.testing.branches import make_branch, make_service_point, make_staff
    from shuyuan.testing.catalog import make_collection, make_item, make_item_type
    from shuyuan.testing.circulation import make_desk, make_rule
    from shuyuan.testing.devices import make_device
    from shuyuan.testing.patrons import make_category, make_patron

    now = timezone.now()
    branch = make_branch("LL01")
    point = make_service_point(branch, kind=ServicePoint.Kind.KIOSK, code="LL01-KIOSK")
    make_category()
    make_rule(max_loans=100, max_loans_of_type=100)
    book, collection = make_item_type("BOOK"), make_collection(branch)
    plans = []
    for n in range(KIOSKS):
        username = f"crash{n}"
        make_device(Device.Kind.SIP2_KIOSK, branch, point, username=username, password=PASSWORD, institution_id="LL01")
        reader = make_patron(f"读者{n}", branch=branch, service_point=point, at=now)
        items = [
            make_item(branch=branch, collection=collection, item_type=book).barcode for _ in range(ITEMS_PER_KIOSK)
        ]
        plans.append({"username": username, "card": reader.card_number, "items": items})
    desk = make_desk(branch, code="LL01-DESK")
    desks = []
    for n in range(DESKS):
        clerk = make_staff(Role.CIRCULATION, branch, username=f"crash-clerk{n}")
        browser = Client()
        browser.force_login(clerk)
        reader = make_patron(f"柜台读者{n}", branch=branch, service_point=desk, at=now)
        items = [
            make_item(branch=branch, collection=collection, item_type=book).barcode for _ in range(ITEMS_PER_KIOSK)
        ]
        desks.append(
            {
                "session": browser.cookies["sessionid"].value,
                "point": desk.code,
                "card": reader.card_number,
                "items": items,
            }
        )
    _device, key = make_device(Device.Kind.REGISTRATION_KIOSK, branch, point)
    json.dump({"password": PASSWORD, "kiosks": plans, "desks": desks, "api_key": key}, sys.stdout)


if __name__ == "__main__":
    main()
