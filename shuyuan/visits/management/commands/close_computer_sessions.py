"""``shuyuan close_computer_sessions``: end the e-reading room's sessions that are past closing time
or past a minor's daily limit. Run it every few minutes (cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.visits import services


class Command(BaseCommand):
    help = "End e-reading-room sessions past closing time or past a minor's daily limit."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = services.close_due_sessions(at=timezone.now())
        self.stdout.write(_("%(n)d sessions ended.") % {"n": closed})
