from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.serials import services


class Command(BaseCommand):
    help = "Mark expected periodical issues late once their subscription's grace days are over (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        marked = services.mark_late_issues(at=timezone.now())
        self.stdout.write(_("issues marked late: %(n)s") % {"n": marked})
