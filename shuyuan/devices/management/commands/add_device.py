from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.devices import services
from shuyuan.devices.errors import DeviceRefused
from shuyuan.devices.models import Device


class Command(BaseCommand):
    help = "Register a device (kiosk, people counter, PC client) and print its key or login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=Device.Kind.values)
        parser.add_argument("--name", required=True)
        parser.add_argument("--branch", required=True, help="branch code")
        parser.add_argument("--service-point", help="service point code")
        parser.add_argument("--username", default="", help="login name (SIP2 CN); generated if omitted")
        parser.add_argument("--password", default="", help="set this password instead of generating a key")
        parser.add_argument("--institution-id", default="")
        parser.add_argument("--character-set", default="utf-8", choices=Device.CharacterSet.values)
        parser.add_argument("--requires-pin", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        branch = Branch.objects.filter(code=o["branch"]).first()
        if branch is None:
            raise CommandError(f"没有代码为 {o['branch']} 的分馆")
        point = None
        if o["service_point"]:
            point = ServicePoint.objects.filter(code=o["service_point"]).first()
            if point is None:
                raise CommandError(f"没有代码为 {o['service_point']} 的服务点")
        try:
            device, credential = services.add(
                kind=o["kind"],
                name=o["name"],
                branch=branch,
                service_point=point,
                username=o["username"],
                password=o["password"],
                institution_id=o["institution_id"],
                character_set=o["character_set"],
                requires_pin=o["requires_pin"],
                at=timezone.now(),
                by=None,
            )
        except DeviceRefused as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"device {device.pk} {device.username} ({device.get_kind_display()}) at {branch.code}")
        self.stdout.write(f"credential: {credential}")
