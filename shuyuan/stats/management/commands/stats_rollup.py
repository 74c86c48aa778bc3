"""``shuyuan stats_rollup``: bring the statistics roll-ups up to yesterday. Run nightly (systemd timer
``deploy/shuyuan-stats-rollup.timer``); a stopped run resumes with the next day. A run started while
another is going on says so and exits with status 1."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.stats import rollups
from shuyuan.stats.errors import StatsRefusal


class Command(BaseCommand):
    help = "Build the statistics roll-ups up to yesterday, resuming where the last run stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="build at most this many new days")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="the day taken as today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        try:
            report = rollups.run(today=today, limit=options["days"])
        except StatsRefusal as refusal:  # another run holds the lock: exit 1, nothing changed
            raise CommandError(refusal.message) from refusal
        through = report.through.isoformat() if report.through else "—"
        self.stdout.write(
            _("%(built)d days built, %(rebuilt)d rebuilt, %(cells)d cells; built through %(through)s.")
            % {"built": len(report.built), "rebuilt": len(report.rebuilt), "cells": report.cells, "through": through}
        )
