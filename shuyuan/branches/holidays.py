"""The State Council's yearly holiday schedule as a small CSV: ``date,kind,name``.

``kind`` is ``holiday`` (放假) or ``workday`` (调休上班). Lines starting with ``#`` are comments.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from shuyuan.branches.models import PublicHoliday

KIND_WORDS = {
    "holiday": PublicHoliday.Kind.HOLIDAY,
    "放假": PublicHoliday.Kind.HOLIDAY,
    "workday": PublicHoliday.Kind.WORKDAY,
    "调休": PublicHoliday.Kind.WORKDAY,
    "上班": PublicHoliday.Kind.WORKDAY,
}


@dataclass(frozen=True)
class ScheduleDay:
    date: date
    kind: str
    name: str


class ScheduleError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(_("Line %(line)d: %(reason)s") % {"line": line, "reason": reason})
        self.line = line
        self.reason = reason


def parse_schedule(text: str) -> list[ScheduleDay]:
    """Parse the whole file or refuse it with the first bad line: a half-imported year is worse."""
    days: list[ScheduleDay] = []
    seen: set[date] = set()
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        if number == 1 and row[0].strip().lower() == "date":
            continue
        if len(row) < 3:
            raise ScheduleError(number, _("expected three columns: date, kind, name"))
        raw_date, raw_kind, name = (cell.strip() for cell in row[:3])
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            raise ScheduleError(number, _("“%(value)s” is not a date like 2016-02-08") % {"value": raw_date}) from None
        kind = KIND_WORDS.get(raw_kind.lower())
        if kind is None:
            raise ScheduleError(number, _("unknown kind “%(value)s”: use holiday or workday") % {"value": raw_kind})
        if not name:
            raise ScheduleError(number, _("the name of the holiday is missing"))
        if day in seen:
            raise ScheduleError(number, _("%(day)s appears twice") % {"day": day})
        seen.add(day)
        days.append(ScheduleDay(day, kind, name))
    if not days:
        raise ScheduleError(0, _("the file holds no days"))
    return days
