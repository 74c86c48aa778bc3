from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuyuan.patrons.privacy import scan_database


class Command(BaseCommand):
    help = "Check that the SQLite database file and its WAL hold no ID or phone number in clear text."

    def handle(self, *args: Any, **options: Any) -> None:
        result = scan_database()
        if not result.files:
            raise CommandError("只能检查 SQLite 数据库文件")
        for line in result.found:
            self.stdout.write(f"明文：{line}")
        names = "、".join(p.name for p in result.files)
        if not result.clean:
            raise CommandError(f"在 {names} 中发现 {len(result.found)} 处明文证件号码或电话")
        self.stdout.write(f"已检查 {result.numbers_checked} 个号码，{names} 中没有明文证件号码或电话")
