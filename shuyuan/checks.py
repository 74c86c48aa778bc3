"""The database triggers every Shuyuan database must have, listed from the domains that declare
them: a system check (``shuyuan check --database default``, run by ``migrate``, ``serve`` and
``runsip2`` as they start) and ``check_database`` name any that are missing, and they are installed
again after every ``migrate``. See ``shuyuan.triggers`` for why they can vanish."""

from __future__ import annotations

import sys
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import Error as DatabaseError
from django.utils.translation import gettext as _

from shuyuan import triggers
from shuyuan.audit import triggers as audit_triggers
from shuyuan.circulation import triggers as circulation_triggers

DECLARED = (audit_triggers.TRIGGERS, circulation_triggers.TRIGGERS)


def expected_triggers(vendor: str) -> list[triggers.Trigger]:
    return [trigger for declared in DECLARED for trigger in declared.get(vendor, ())]


def missing_triggers(alias: str = DEFAULT_DB_ALIAS) -> list[triggers.Trigger]:
    connection = connections[alias]
    return triggers.missing(connection, expected_triggers(connection.vendor))


@checks.register(checks.Tags.database)
def check_triggers(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    # A warning, not an error: an error would stop ``migrate``, which is what puts them back.
    messages: list[checks.CheckMessage] = []
    for alias in databases or []:
        try:
            absent = missing_triggers(alias)
        except DatabaseError:
            continue  # an unreachable database is check_database's to report
        messages.extend(
            checks.Warning(
                _("Database trigger %(trigger)s is missing.") % {"trigger": trigger},
                hint=_("Run “shuyuan migrate”: it installs missing triggers again."),
                id="shuyuan.W001",
            )
            for trigger in absent
        )
    return messages


def reinstall_triggers_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    # Once per migrate, when the last app with models is done: every table exists by then.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    connection = connections[using]
    installed = triggers.install(connection, expected_triggers(connection.vendor))
    if installed and kwargs.get("verbosity", 1) >= 1:
        out = kwargs.get("stdout") or sys.stdout
        for trigger in installed:
            out.write(_("Installed the missing database trigger %(trigger)s again.") % {"trigger": trigger} + "\n")
