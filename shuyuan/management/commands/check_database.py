from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import Error as DatabaseError


class Command(BaseCommand):
    help = "Check that the configured database can be reached; one line if it cannot."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        settings_dict = connection.settings_dict
        where = f"{connection.vendor} {settings_dict.get('HOST') or ''} {settings_dict['NAME']}".strip()
        try:
            connection.ensure_connection()
        except DatabaseError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(f"数据库无法连接（{where}）：{reason}") from None
        self.stdout.write(f"database: {where}")
