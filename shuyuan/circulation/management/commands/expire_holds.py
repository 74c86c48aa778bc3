from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.circulation import services


class Command(BaseCommand):
    help = "Expire holds not collected in time and holds no longer needed; their copies move on."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        while True:
            done = services.expire_holds(at=timezone.now(), by=None, limit=500)
            total += done
            if done < 500:
                break
        self.stdout.write(_("expired holds: %(n)s") % {"n": total})
