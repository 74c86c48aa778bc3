from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from shuyuan.audit.services import redact_personal_numbers


class Command(BaseCommand):
    help = "Mask ID and phone numbers that free text left in the audit log; the redaction is audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reason", required=True, help="why (recorded in the audit log)")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = redact_personal_numbers(reason=options["reason"], at=timezone.now(), by=None)
        if connection.vendor == "sqlite":
            # The old bytes stay in free pages and the write-ahead log until they are rewritten.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.stdout.write(f"已遮蔽 {len(changed)} 条审计记录中的证件号码或电话")
