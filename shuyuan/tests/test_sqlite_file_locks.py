"""Making the database file private must not drop this process's SQLite locks on it: closing any
descriptor of a file drops every POSIX lock the process holds on it, and another process (a SIP2
worker) would then take itself for the last user and remove the WAL under our connections."""

import sqlite3
import subprocess
import sys

from shuyuan.sqlite.base import create_private

OTHER_PROCESS = (
    "import sqlite3, sys\n"
    "db = sqlite3.connect(sys.argv[1]); db.execute('INSERT INTO t VALUES (2)'); db.commit(); db.close()\n"
)


def test_a_new_connection_keeps_the_locks_of_the_open_ones(tmp_path):
    path = str(tmp_path / "library.sqlite3")
    create_private(path)
    ours = sqlite3.connect(path)
    ours.execute("PRAGMA journal_mode=WAL")
    ours.execute("CREATE TABLE t (n INTEGER)")
    ours.commit()
    ours.execute("SELECT count(*) FROM t").fetchone()

    create_private(path)  # as each new connection of this process does
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, path], check=True)

    assert (tmp_path / "library.sqlite3-wal").exists(), "the other process removed the WAL we still use"
    assert ours.execute("SELECT count(*) FROM t").fetchone() == (1,)
    ours.close()


def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "new.sqlite3"
    create_private(str(path))
    assert path.stat().st_mode & 0o777 == 0o600
