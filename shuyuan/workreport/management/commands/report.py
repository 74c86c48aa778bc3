"""``shuyuan report --from 2016-01-01 --to 2016-06-30``: the period's work report as .docx, .pdf and .xlsx."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.branches.models import Branch
from shuyuan.refusals import Refused
from shuyuan.workreport import documents


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("%(text)s is not a date (YYYY-MM-DD).") % {"text": text}) from exc


class Command(BaseCommand):
    help = "Write the work report of a period: a Word document, a PDF and an Excel workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--branch", default="", help="a branch's code (default: the whole library)")
        parser.add_argument("--out", default=".", help="the folder to write the three files to")

    def handle(self, *args: Any, first: str, last: str, branch: str, out: str, **options: Any) -> None:
        try:
            period = documents.period(_day(first), _day(last), today=timezone.localdate())
        except Refused as exc:
            raise CommandError(exc.message) from exc
        chosen = None
        if branch:
            chosen = Branch.objects.filter(code=branch).first()
            if chosen is None:
                raise CommandError(_("No branch with the code %(code)s.") % {"code": branch})
        files = documents.make(period, branch=chosen)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for suffix, data in (("docx", files.docx), ("pdf", files.pdf), ("xlsx", files.xlsx)):
            path = folder / f"{files.stem}.{suffix}"
            path.write_bytes(data)
            paths.append(str(path))
        if files.content.empty:
            self.stdout.write(_("Nothing was recorded in this period; the report says so."))
        self.stdout.write(" ".join(paths))
