"""The systemd units in deploy/ run commands that exist, and each timer has its service."""

import configparser
import shlex
from pathlib import Path

from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def units(suffix: str) -> list[Path]:
    return sorted(DEPLOY.glob(f"*.{suffix}"))


def read(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment]
    parser.read(path)
    return parser


def shuyuan_commands(line: str) -> list[str]:
    words = shlex.split(line.replace("&&", " && "))
    if words[:2] == ["/bin/sh", "-c"]:
        words = shlex.split(words[2].replace("&&", " && "))
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w.endswith("/.venv/bin/shuyuan")]


def test_every_shuyuan_command_a_unit_runs_exists():
    known = set(get_commands())
    used = []
    for path in units("service"):
        service = read(path)["Service"]
        for key in ("ExecStartPre", "ExecStart"):
            if key in service:
                used += [(path.name, name) for name in shuyuan_commands(service[key])]
    assert used, "the units run no shuyuan command"
    assert [(unit, name) for unit, name in used if name not in known] == []


def test_every_timer_starts_a_service_that_exists():
    timers = units("timer")
    assert len(timers) >= 4
    for timer in timers:
        assert (DEPLOY / timer.name.replace(".timer", ".service")).exists(), timer.name
        assert read(timer)["Timer"]["OnCalendar"]


def test_the_backup_timer_runs_the_backup_command():
    assert shuyuan_commands(read(DEPLOY / "shuyuan-backup.service")["Service"]["ExecStart"]) == ["backup"]
