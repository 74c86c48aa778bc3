from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from shuyuan.patrons import services


class Command(BaseCommand):
    help = (
        "Daily: store the adult category of children past their age limit; delete lapsed online applications "
        "and old counts of the online form's rate limit."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        promoted = services.promote_children(at=now, by=None)
        purged = services.purge_lapsed_applications(at=now, by=None)
        services.forget_join_attempts(at=now, by=None)
        self.stdout.write(f"转为成人读者 {promoted} 位，删除过期未确认的网上申请 {purged} 份")
