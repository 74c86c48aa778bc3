from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.circulation import services


class Command(BaseCommand):
    help = "Anonymise returned loans and closed holds past the retention period (readers keeping a history excepted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        total = 0
        at = timezone.now()
        while True:
            done = services.anonymise_loans(at=at, by=None, limit=batch)
            total += done
            if done < batch:
                break
        self.stdout.write(_("anonymised: %(n)s") % {"n": total})
