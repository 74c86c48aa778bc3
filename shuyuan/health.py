"""What ``/api/health`` tells a monitor: the database answers, the disk has room, backups are recent."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.utils import Error as DatabaseError

from shuyuan.backups import last_backup

LOW_DISK_BYTES = 1 << 30
STALE_BACKUP_HOURS = 26  # a nightly backup that missed one night


@dataclass(frozen=True)
class Health:
    status: str
    database: bool
    disk_free_bytes: int
    last_backup_age_hours: float | None
    problems: list[str]


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def check(now: datetime | None = None) -> Health:
    now = now or datetime.now(UTC)
    problems = []
    database = database_answers()
    if not database:
        problems.append("database")
    free = shutil.disk_usage(Path(settings.VAR_DIR)).free
    if free < LOW_DISK_BYTES:
        problems.append("disk")
    backup = last_backup()
    age = None if backup is None else (now - datetime.fromisoformat(backup.taken_at)).total_seconds() / 3600
    if age is None or age > STALE_BACKUP_HOURS:
        problems.append("backup")
    status = "down" if not database else ("degraded" if problems else "ok")
    return Health(status, database, free, None if age is None else round(age, 2), problems)
