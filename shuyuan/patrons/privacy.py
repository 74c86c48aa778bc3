"""The check that the database files hold no ID number or phone number in clear text.

It decrypts every stored number and looks for it byte by byte in the SQLite database file and its
write-ahead log (a page may sit in the WAL long before a checkpoint copies it), and looks for any
18-digit run that is a valid resident ID number, whoever's it is.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from shuyuan.keys import decrypt
from shuyuan.patrons import iddocs
from shuyuan.patrons.masking import mask_id
from shuyuan.patrons.models import Patron

ENCRYPTED = ("id_number_encrypted", "phone_encrypted", "guardian_id_encrypted", "guardian_phone_encrypted")
_DIGIT_RUNS = re.compile(rb"[0-9]{7,}[0-9Xx]?")


@dataclass
class ScanResult:
    files: list[Path]
    numbers_checked: int
    found: list[str] = field(default_factory=list)  # masked, with the file they are in

    @property
    def clean(self) -> bool:
        return not self.found


def database_files() -> list[Path]:
    """The SQLite files of the default database that exist (main file, WAL, rollback journal)."""
    if connection.vendor != "sqlite":
        return []
    main = Path(str(connection.settings_dict["NAME"]))
    return [p for p in (main, Path(f"{main}-wal"), Path(f"{main}-journal")) if p.exists()]


def stored_numbers() -> Iterator[str]:
    """Every ID and phone number the readers' table holds encrypted, decrypted."""
    for row in Patron.objects.values_list(*ENCRYPTED).iterator(chunk_size=2000):
        for token in row:
            if token:
                yield decrypt(token)


def read_elsewhere(path: Path) -> bytes:
    """The file's bytes, read by a child process. Closing a descriptor of an open SQLite file would
    drop every POSIX lock this process's connections hold on it, and another process (a SIP2 worker)
    could then take itself for the last user and remove the WAL under them."""
    reader = "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read())"
    return subprocess.run([sys.executable, "-c", reader, str(path)], capture_output=True, check=True).stdout


def scan(files: Iterable[Path], numbers: Iterable[str]) -> ScanResult:
    wanted = {n for n in numbers if len(n) >= 7}
    result = ScanResult(files=list(files), numbers_checked=len(wanted))
    for path in result.files:
        result.found += [f"{path.name}: {mask_id(hit)}" for hit in find_numbers(read_elsewhere(path), wanted)]
    return result


def find_numbers(data: bytes, wanted: set[str]) -> list[str]:
    """The numbers of ``wanted`` (ID and phone numbers) found in ``data``, and any valid resident ID
    number, whoever's it is; in full, for the caller to mask."""
    lengths = sorted({len(n) for n in wanted})
    found: list[str] = []
    for run in {m.group().decode().upper() for m in _DIGIT_RUNS.finditer(data)}:
        found += _hits(run, wanted, lengths)
    return found


def _hits(run: str, wanted: set[str], lengths: list[int]) -> Iterator[str]:
    for length in lengths:
        for start in range(len(run) - length + 1):
            piece = run[start : start + length]
            if piece in wanted:
                yield piece
    for start in range(len(run) - 17):
        piece = run[start : start + 18]
        if piece not in wanted and iddocs.detect_type(piece) == iddocs.DocType.RESIDENT_ID and iddocs.is_valid(piece):
            yield piece


def scan_database() -> ScanResult:
    connection.ensure_connection()
    return scan(database_files(), stored_numbers())
