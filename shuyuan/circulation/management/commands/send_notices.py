from datetime import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.circulation import queries, services, sms


class Command(BaseCommand):
    help = (
        "Create today's due-soon and overdue reminders and deliver waiting notices through the configured "
        "channel (SHUYUAN['NOTICES']); run it once a day. Exits non-zero only on a configuration error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="run as of this ISO date and time instead of now (replays, tests)")
        parser.add_argument("--batch", type=int, default=50, help="readers per claimed batch")

    def handle(self, *args: Any, at: str | None, batch: int, **options: Any) -> None:
        try:
            config = sms.load_config()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        when = moment(at)
        created = services.create_reminders(
            at=when,
            by=None,
            due_soon_days=config.due_soon_days,
            overdue_every_days=config.overdue_every_days,
            overdue_max=config.overdue_max,
        )
        purged = services.purge_notices(at=when, by=None)
        parts = [
            _("Reminders created: %(due_soon)d due soon, %(overdue)d overdue.")
            % {"due_soon": created.due_soon, "overdue": created.overdue}
        ]
        channels = sms.channels_for(config)
        if not channels:
            parts.append(
                _("Channel “none”: %(waiting)d notices wait unsent, shown to readers and staff.")
                % {"waiting": queries.waiting_notices()}
            )
        else:
            done = services.deliver_notices(
                channels, at=when, signature=config.signature, max_attempts=config.max_attempts, batch=batch
            )
            parts.append(
                _(
                    "Sent: %(sent)d (%(messages)d SMS, %(emails)d e-mails); failed: %(failed)d (retried on the next "
                    "run); given up: %(given_up)d; no mobile number: %(no_phone)d; no e-mail address: %(no_email)d; "
                    "no messages wanted: %(opted_out)d; no longer needed: %(withdrawn)d."
                )
                % {**vars(done), "withdrawn": done.withdrawn + created.withdrawn}
            )
            unserved = queries.waiting_notices(served=tuple(channels))
            if unserved:
                parts.append(
                    _("%(n)d notices wait for a channel that is not configured (the readers chose it).")
                    % {"n": unserved}
                )
        if purged:
            parts.append(_("Old notices deleted: %(n)d.") % {"n": purged})
        self.stdout.write(" ".join(parts))


def moment(value: str | None) -> datetime:
    if not value:
        return timezone.now()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--at must be an ISO date and time, e.g. 2016-03-01T09:00.")) from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
