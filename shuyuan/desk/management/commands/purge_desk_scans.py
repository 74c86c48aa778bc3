from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.desk import services


class Command(BaseCommand):
    help = "Forget the desk's scans older than two days (a daily job, with anonymise_loans)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.purge_scans(at=timezone.now())
        self.stdout.write(_("desk scans forgotten: %(n)s") % {"n": deleted})
