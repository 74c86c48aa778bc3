from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from shuyuan import backups


class Command(BaseCommand):
    help = "Replace the database's contents with a verified backup. Stop the web and SIP2 servers first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        if not yes and input(_("Replace every row of the database with this backup? Type yes: ")) != "yes":
            raise CommandError(_("Nothing was restored."))
        try:
            info = backups.restore(file)
        except (OSError, ValueError) as exc:
            raise CommandError(_("Nothing was restored: %(reason)s") % {"reason": exc}) from None
        self.stdout.write(_("Restored the backup taken %(at)s.") % {"at": info.taken_at})
