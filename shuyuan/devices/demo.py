"""Demo: one device of each kind at the central library."""

import secrets

from shuyuan.branches.demo import remember_login
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.demo import DemoContext
from shuyuan.devices import services
from shuyuan.devices.models import Device

DEVICES = [
    (Device.Kind.SIP2_KIOSK, "自助借还机 1 号", "kiosk1", "LL01-KIOSK", {"institution_id": "LLLIB"}),
    (Device.Kind.REGISTRATION_KIOSK, "自助办证机 1 号", "register1", "LL01-DESK", {}),
    (Device.Kind.PEOPLE_COUNTER, "总馆大门客流计数器", "counter1", "LL01-DESK", {}),
    (Device.Kind.E_READING_CLIENT, "电子阅览室管理终端", "eread1", "LL01-EREAD", {}),
]


def load(ctx: DemoContext) -> None:
    central = Branch.objects.get(code="LL01")
    for kind, name, username, point_code, options in DEVICES:
        if Device.objects.filter(username=username).exists():
            continue
        point = ServicePoint.objects.get(code=point_code)
        password = secrets.token_urlsafe(8) if kind == Device.Kind.SIP2_KIOSK else ""
        _device, credential = services.add(
            kind=kind,
            name=name,
            branch=central,
            service_point=point,
            username=username,
            password=password,
            at=ctx.now,
            by=None,
            **options,
        )
        remember_login(f"device {username} ({name}) / {credential}")
