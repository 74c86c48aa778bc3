from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shuyuan.lifecycle import services
from shuyuan.patrons import queries
from shuyuan.patrons.errors import PatronRefused


class Command(BaseCommand):
    help = "Delete a reader's personal data (PIPL); anonymous statistics stay. Refused while loans or charges are open."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("card", help="card number or ID number of the reader")
        parser.add_argument("--reason", required=True, help="why (kept in the audit log; no names or numbers)")
        parser.add_argument("--by", dest="username", help="the staff member who decided it (a user name)")

    def handle(self, *args: Any, card: str, reason: str, username: str | None, **options: Any) -> None:
        by = None
        if username:
            by = get_user_model().objects.filter(username=username).first()
            if by is None:
                raise CommandError(f"没有用户名为 {username} 的工作人员")
        try:
            patron = queries.resolve(card)
        except PatronRefused as refused:
            if refused.patron is None:  # a lost or replaced card still names its reader
                raise CommandError(refused.message) from None
            patron = refused.patron
        try:
            done = services.erase_patron(patron, at=timezone.now(), by=by, reason=reason)
        except PatronRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(
            f"已删除读者 {done.card} 的个人信息（{done.records} 条记录，取消预约 {done.holds_cancelled} 项），"
            f"统计标识 {done.reader_token} 的匿名记录保留"
        )
