from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.branches.models import Branch
from shuyuan.patrons import importing, services


class Command(BaseCommand):
    help = "Import readers from the old system (CSV or Excel; columns in shuyuan/patrons/importing.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check every row, import nothing")
        parser.add_argument("--branch", help="home branch code for rows that name none (default: the central library)")

    def handle(self, *args: Any, file: Path, dry_run: bool, branch: str | None, **options: Any) -> None:
        default = (
            Branch.objects.filter(code=branch).first() if branch else Branch.objects.filter(kind="central").first()
        )
        if default is None:
            raise CommandError(
                _("There is no branch with the code %(code)s") % {"code": branch}
                if branch
                else _("The central library has not been set up yet")
            )
        if not file.exists():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        try:
            table = importing.read_table(file.read_bytes(), file.name)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None
        rows = importing.applications(table, default_branch=default, today=timezone.localdate())
        report = services.import_patrons(rows, dry_run=dry_run, at=timezone.now(), by=None)
        for number, label, reason in report.refused:
            line = _("Row %(number)d, %(label)s: %(reason)s")
            self.stdout.write(line % {"number": number, "label": label, "reason": reason})
        for number, label, reason in report.warnings:
            line = _("Row %(number)d, %(label)s (warning): %(reason)s")
            self.stdout.write(line % {"number": number, "label": label, "reason": reason})
        counts = {"imported": len(report.imported), "refused": len(report.refused), "warned": len(report.warnings)}
        if dry_run:
            summary = _(
                "%(imported)d readers can be imported, %(refused)d rows refused, %(warned)d rows with warnings "
                "(checked only, nothing written)"
            )
        else:
            summary = _("%(imported)d readers imported, %(refused)d rows refused, %(warned)d rows with warnings")
        self.stdout.write(summary % counts)
