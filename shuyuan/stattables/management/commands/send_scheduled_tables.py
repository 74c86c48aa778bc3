from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.stattables import services


class Command(BaseCommand):
    help = (
        "E-mail the scheduled statistical tables due today (daily: yesterday; monthly on the 1st: last month; "
        "yearly on 1 January: last year) through Django's mail backend. Run it once a day; a period already "
        "sent is not sent again, a failed one is tried again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="run as of this ISO date and time instead of now (replays, tests)")

    def handle(self, *args: Any, at: str | None, **options: Any) -> None:
        when = timezone.now()
        if at:
            when = datetime.fromisoformat(at)
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        result = services.send_due(at=when)
        self.stdout.write(
            _("Scheduled tables: %(sent)d sent, %(failed)d failed, %(skipped)d not due or already sent.")
            % {"sent": result.sent, "failed": result.failed, "skipped": result.skipped}
        )
