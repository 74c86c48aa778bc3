from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from shuyuan import backups


class Command(BaseCommand):
    help = "Take an encrypted, consistent online backup of the database (kiosks may keep lending)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if file.is_dir():
            raise CommandError(_("%(path)s is a folder; name the backup file.") % {"path": file})
        try:
            info = backups.take(file)
        except (OSError, ValueError) as exc:
            raise CommandError(_("The backup failed: %(reason)s") % {"reason": exc}) from None
        self.stdout.write(_("Backup written: %(path)s (%(size)d bytes)") % {"path": info.path, "size": info.size})
