from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shuyuan.branches import services
from shuyuan.branches.holidays import ScheduleError, parse_schedule


class Command(BaseCommand):
    help = "Import the State Council's holiday schedule for a year (CSV: date,kind,name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            days = parse_schedule(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取 {file}：{exc}") from None
        except ScheduleError as exc:
            raise CommandError(f"{file}: {exc}") from None
        count = services.import_holiday_schedule(days, at=timezone.now(), by=None)
        self.stdout.write(f"imported {count} days of the holiday schedule")
