"""Faults other than a kill (issue 19 item 2), under the crash test's load (kiosks over SIP2, desk
scans, registrations over the API) against the real server processes:

- ``kill -STOP`` of one SIP2 worker in the middle of the load (and of its commit group), then
  ``kill -CONT``: nothing acknowledged is lost and the kiosks are served again;
- a full disk: the SQLite database on a small tmpfs that is then filled to the last byte;
- a read-only database: the same file system remounted read-only, the servers restarted on it.

While the disk is full or read-only the kiosks get refusals or errors, never an "ok" that is lost;
once space is freed (or the file system writable again) lending goes on without a restart, and every
invariant of the crash test holds. The full-disk and read-only faults concern the SQLite file, so
those two tests use SQLite on both engines' runs; mounting the tmpfs needs root (as ``make test``
runs in CI), and the test says so if it cannot."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from shuyuan.tests.crash.test_sigkill import Load, Servers, crash_database

pytestmark = pytest.mark.slow


def prepared(tmp_path: Path, database_url: str) -> tuple[dict[str, str], dict[str, Any]]:
    env = {**os.environ, "SHUYUAN_VAR": str(tmp_path / "var"), "DATABASE_URL": database_url}
    env["SHUYUAN_LOG_LEVEL"] = "CRITICAL"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-m", "shuyuan", "migrate", "-v", "0"], env=env, check=True)
    made = subprocess.run(
        [sys.executable, "-m", "shuyuan.tests.crash.library"], env=env, check=True, capture_output=True, text=True
    )
    return env, json.loads(made.stdout)


def broken_invariants(env: dict[str, str], acked: dict[str, Any]) -> list[str]:
    checked = subprocess.run(
        [sys.executable, "-m", "shuyuan.tests.crash.check"],
        env=env,
        input=json.dumps(acked),
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    return list(json.loads(checked.stdout))


def acked_count(load: Load) -> int:
    with load.lock:
        return len(load.acked["circulation"])


@contextmanager
def small_file_system(size: str = "96m") -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="shuyuan-fault-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.fail(f"this test mounts a small tmpfs and needs root: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def fill(folder: Path) -> Path:
    """Write to the file system until it has no byte left."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * (1 << 20))
                out.flush()
        except OSError:
            pass
        try:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        except OSError:
            pass
    return filler


def run_with_fault(env: dict[str, str], plan: dict[str, Any], fault: Any, heal: Any) -> dict[str, int]:
    """The load for a while, the fault for a while, then healed for a while; acks counted in each phase."""
    servers = Servers(env)
    servers.start()
    load = Load(plan, servers)
    running = load.run()
    next(running)
    phases: dict[str, int] = {}
    try:
        time.sleep(3)
        phases["before"] = acked_count(load)
        fault(servers)
        time.sleep(4)
        phases["during"] = acked_count(load) - phases["before"]
        heal(servers)
        healed = acked_count(load)
        time.sleep(6)
        phases["after"] = acked_count(load) - healed
    finally:
        next(running, None)
        servers.signal(signal.SIGTERM)
    phases["broken"] = len(broken := broken_invariants(env, load.acked))
    assert broken == [], broken
    return phases


def sip2_workers(servers: Servers) -> list[int]:
    listed = subprocess.run(
        ["ps", "--ppid", str(servers.processes[0].pid), "-o", "pid="], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in listed.split()]


def test_a_stopped_sip2_worker_loses_nothing_and_lending_goes_on_after_it_continues(tmp_path):
    env, plan = prepared(tmp_path, crash_database(tmp_path))
    stopped: list[int] = []

    def stop(servers: Servers) -> None:
        stopped.append(sip2_workers(servers)[0])
        os.kill(stopped[0], signal.SIGSTOP)

    phases = run_with_fault(env, plan, stop, lambda servers: os.kill(stopped[0], signal.SIGCONT))
    print(
        f"kill -STOP of a SIP2 worker: acknowledged before {phases['before']}, while stopped {phases['during']}, "
        f"after it continued {phases['after']}"
    )
    assert phases["before"] and phases["after"]


def test_a_full_disk_refuses_acts_but_loses_none_acknowledged_and_lending_resumes_when_space_is_freed(tmp_path):
    with small_file_system() as folder:
        env, plan = prepared(tmp_path, f"sqlite:///{folder / 'library.sqlite3'}")
        fillers: list[Path] = []
        phases = run_with_fault(
            env, plan, lambda servers: fillers.append(fill(folder)), lambda servers: fillers[0].unlink()
        )
    print(
        f"full disk: acknowledged before {phases['before']}, while full {phases['during']}, "
        f"after space was freed {phases['after']}"
    )
    assert phases["before"] and phases["after"]


def test_a_read_only_database_refuses_acts_but_loses_none_acknowledged_and_lending_resumes(tmp_path):
    with small_file_system() as folder:
        env, plan = prepared(tmp_path, f"sqlite:///{folder / 'library.sqlite3'}")

        def remount(mode: str) -> Any:
            # Linux refuses to remount a file system read-only while files on it are open for writing:
            # as after a disk error, the servers are restarted on the read-only file system (and again
            # once it is writable).
            def restart(servers: Servers) -> None:
                servers.signal(signal.SIGTERM)
                subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)
                servers.start(wait=mode == "rw")

            return restart

        phases = run_with_fault(env, plan, remount("ro"), remount("rw"))
    print(
        f"read-only: acknowledged before {phases['before']}, while read-only {phases['during']}, "
        f"after it was writable again {phases['after']}"
    )
    assert phases["before"] and phases["after"]
