from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.circulation import cutover, services
from shuyuan.circulation.errors import CirculationRefused


class Command(BaseCommand):
    help = "Import the old system's open loans and/or waiting holds (CSV, see circulation/cutover.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loans", type=Path, help="CSV of open loans")
        parser.add_argument("--holds", type=Path, help="CSV of waiting holds")
        parser.add_argument("--encoding", default="utf-8-sig", help="file encoding, e.g. gb18030 (default utf-8)")

    def handle(self, *args: Any, loans: Path | None, holds: Path | None, encoding: str, **options: Any) -> None:
        if loans is None and holds is None:
            raise CommandError(_("Give --loans and/or --holds."))
        tz = timezone.get_current_timezone()
        done = []
        try:
            if loans is not None:
                rows = cutover.parse_loans(loans.read_text(encoding=encoding), tz)
                done.append(_("%(n)s loans") % {"n": services.import_loans(rows, at=timezone.now(), by=None)})
            if holds is not None:
                hold_rows = cutover.parse_holds(holds.read_text(encoding=encoding), tz)
                done.append(_("%(n)s holds") % {"n": services.import_holds(hold_rows, at=timezone.now(), by=None)})
        except cutover.BadFile as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        except CirculationRefused as refusal:
            raise CommandError("\n".join([refusal.message, *refusal.detail.get("problems", [])])) from refusal
        self.stdout.write(_("imported: %(what)s") % {"what": ", ".join(done)})
