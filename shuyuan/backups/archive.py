"""Taking, checking and restoring a backup, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from shuyuan.backups.sealing import seal, unseal

# Tables whose row counts a verification reports, as a sign that the copy holds a library.
COUNTED_TABLES = (
    "catalog_record",
    "catalog_item",
    "patrons_patron",
    "circulation_loan",
    "circulation_circulationevent",
)


@dataclass(frozen=True)
class BackupInfo:
    path: str
    engine: str
    taken_at: str
    size: int
    counts: dict[str, int]


def _state_file() -> Path:
    return Path(settings.VAR_DIR) / "last-backup.json"


def last_backup() -> BackupInfo | None:
    try:
        return BackupInfo(**json.loads(_state_file().read_text()))
    except (OSError, ValueError, TypeError):
        return None


@contextmanager
def _scratch() -> Iterator[Path]:
    # Plain copies of the database exist only here, readable by this user alone, and go when done.
    folder = Path(tempfile.mkdtemp(prefix="shuyuan-backup-", dir=settings.VAR_DIR))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(s["NAME"]), "PGUSER": str(s.get("USER") or "")}
    if s.get("HOST"):
        env["PGHOST"] = str(s["HOST"])
    if s.get("PORT"):
        env["PGPORT"] = str(s["PORT"])
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return env


def _dump(target: Path) -> None:
    if connection.vendor == "sqlite":
        # The online backup API copies a consistent snapshot while other processes keep writing.
        with sqlite3.connect(_sqlite_path()) as source, sqlite3.connect(target) as copy:
            source.backup(copy, pages=4096)
        return
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)], env=_pg_env(), check=True)


def _counts(plain: Path, engine: str) -> dict[str, int]:
    if engine == "sqlite":
        with sqlite3.connect(f"file:{plain}?mode=ro", uri=True) as db:
            if db.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise ValueError(_("The database inside the backup fails SQLite's integrity check."))
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED_TABLES if t in names}
    listing = subprocess.run(["pg_restore", "--list", str(plain)], capture_output=True, text=True, check=True).stdout
    return {t: int(f" TABLE DATA public {t} " in listing) for t in COUNTED_TABLES}


def take(path: Path) -> BackupInfo:
    """Write an encrypted, consistent copy of the database to ``path``."""
    engine = connection.vendor
    taken_at = datetime.now(UTC).isoformat(timespec="seconds")
    with _scratch() as folder:
        plain = folder / "copy"
        _dump(plain)
        counts = _counts(plain, engine)
        draft = path.with_name(f".{path.name}.partial")
        seal(plain, draft, {"engine": engine, "taken_at": taken_at, "counts": counts})
        os.replace(draft, path)
    info = BackupInfo(str(path.resolve()), engine, taken_at, path.stat().st_size, counts)
    _state_file().write_text(json.dumps(info.__dict__, ensure_ascii=False))
    return info


def verify(path: Path) -> BackupInfo:
    """Open and check a backup without touching the database; raises ValueError if it is unusable."""
    with _scratch() as folder:
        plain = folder / "copy"
        metadata: dict[str, Any] = unseal(path, plain)
        counts = _counts(plain, metadata["engine"])
    if counts != metadata.get("counts"):
        raise ValueError(_("The backup's contents disagree with what it says it holds."))
    return BackupInfo(str(path), metadata["engine"], metadata["taken_at"], path.stat().st_size, counts)


def restore(path: Path) -> BackupInfo:
    """Replace the configured database's contents with the backup's (same engine only)."""
    info = verify(path)
    if info.engine != connection.vendor:
        raise ValueError(
            _("This backup is of a %(backup)s database; the configured one is %(live)s.")
            % {"backup": info.engine, "live": connection.vendor}
        )
    with _scratch() as folder:
        plain = folder / "copy"
        unseal(path, plain)
        connection.close()
        if info.engine == "sqlite":
            _restore_sqlite(plain)
        else:
            subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                    str(connection.settings_dict["NAME"]),
                    str(plain),
                ],
                env=_pg_env(),
                check=True,
            )
    return info


def _restore_sqlite(plain: Path) -> None:
    from shuyuan.sqlite.base import WriteGate

    # Other Shuyuan writers queue at the gate meanwhile; the backup API replaces every page at once.
    gate = WriteGate(_sqlite_path() + "-gate", timeout=60)
    gate.acquire()
    try:
        with sqlite3.connect(plain) as source, sqlite3.connect(_sqlite_path(), timeout=60) as live:
            source.backup(live)
    finally:
        gate.close()
