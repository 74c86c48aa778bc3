from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.utils.translation import gettext as _

from shuyuan.setup_needs import missing_setup


class Command(BaseCommand):
    help = "Check that the database can be reached (one line if not) and say what a new install still needs."
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
        try:
            needs = missing_setup()
        except DatabaseError:
            self.stdout.write(_("The database has no tables yet: run `shuyuan migrate`."))
            return
        for need in needs:
            self.stdout.write(_("Still needed: %(what)s. %(how)s") % {"what": need.what, "how": need.how})
