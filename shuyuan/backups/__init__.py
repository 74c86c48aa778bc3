"""Online, encrypted backups of the whole database: ``shuyuan backup``, ``restore`` and ``verify_backup``.

A backup is the engine's own consistent copy (SQLite's online backup API, taken while kiosks lend;
``pg_dump`` in custom format on PostgreSQL), sealed with a key derived from the library's personal-data
key (``sealing.py``), so that a stolen backup reveals nothing without ``var/``'s keys.
"""

from shuyuan.backups.archive import BackupInfo, last_backup, restore, take, verify

__all__ = ["BackupInfo", "last_backup", "restore", "take", "verify"]
