from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from shuyuan import backups


class Command(BaseCommand):
    help = "Open a backup with the configured keys and check the database inside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            info = backups.verify(file)
        except (OSError, ValueError) as exc:
            raise CommandError(_("The backup cannot be used: %(reason)s") % {"reason": exc}) from None
        counts = ", ".join(f"{table} {n}" for table, n in info.counts.items())
        self.stdout.write(
            _("Backup is good: %(engine)s, taken %(at)s; %(counts)s")
            % {"engine": info.engine, "at": info.taken_at, "counts": counts}
        )
