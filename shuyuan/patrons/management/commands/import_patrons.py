from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

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
            raise CommandError(f"没有代码为 {branch} 的分馆" if branch else "尚未建立总馆")
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        try:
            table = importing.read_table(file.read_bytes(), file.name)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None
        rows = importing.applications(table, default_branch=default, today=timezone.localdate())
        report = services.import_patrons(rows, dry_run=dry_run, at=timezone.now(), by=None)
        for number, label, reason in report.refused:
            self.stdout.write(f"第{number}行 {label}：{reason}")
        for number, label, reason in report.warnings:
            self.stdout.write(f"第{number}行 {label}（警告）：{reason}")
        verb = "可导入" if dry_run else "已导入"
        self.stdout.write(
            f"{verb} {len(report.imported)} 位读者，拒绝 {len(report.refused)} 行，警告 {len(report.warnings)} 行"
            + ("（仅检查，未写入）" if dry_run else "")
        )
