from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from shuyuan import triggers
from shuyuan.checks import expected_triggers
from shuyuan.setup_needs import missing_setup


class Command(BaseCommand):
    help = (
        "Check that the configured database can be reached and has every trigger Shuyuan relies on "
        "(-v 2 lists them; fails naming any that are missing), and say what a new install still needs."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        settings_dict = connection.settings_dict
        where = f"{connection.vendor} {settings_dict.get('HOST') or ''} {settings_dict['NAME']}".strip()
        try:
            connection.ensure_connection()
        except DatabaseError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            message = _("Cannot connect to the database (%(where)s): %(reason)s")
            raise CommandError(message % {"where": where, "reason": reason}) from None
        self.stdout.write(_("database: %(where)s") % {"where": where})
        self.check_triggers(options["verbosity"])
        self.check_setup()

    def check_triggers(self, verbosity: int) -> None:
        expected = expected_triggers(connection.vendor)
        absent = triggers.missing(connection, expected)
        present = triggers.present(connection)
        if verbosity >= 2:
            for trigger in expected:
                if trigger in absent:
                    state = pgettext("database trigger", "missing")
                elif (trigger.name, trigger.table) in present:
                    state = pgettext("database trigger", "present")
                else:
                    state = pgettext("database trigger", "not yet created (run migrate)")
                self.stdout.write(f"  {trigger}: {state}")
        if absent:
            message = ngettext(
                "%(count)d database trigger is missing: %(names)s. Run “shuyuan migrate” to install it again.",
                "%(count)d database triggers are missing: %(names)s. Run “shuyuan migrate” to install them again.",
                len(absent),
            )
            raise CommandError(message % {"count": len(absent), "names": ", ".join(map(str, absent))})
        installed = sum((trigger.name, trigger.table) in present for trigger in expected)
        counts = {"installed": installed, "expected": len(expected)}
        if installed < len(expected):
            self.stdout.write(_("triggers: %(installed)d of %(expected)d present; migrate creates the others") % counts)
        else:
            self.stdout.write(_("triggers: all %(expected)d present") % counts)

    def check_setup(self) -> None:
        """What a new install still needs before it can lend (a library, a branch, a collection)."""
        try:
            needs = missing_setup()
        except DatabaseError:
            self.stdout.write(_("The database has no tables yet: run `shuyuan migrate`."))
            return
        for need in needs:
            self.stdout.write(_("Still needed: %(what)s. %(how)s") % {"what": need.what, "how": need.how})
