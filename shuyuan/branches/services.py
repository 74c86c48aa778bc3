from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuyuan.audit import log
from shuyuan.branches import rules
from shuyuan.branches.errors import CalendarRefused, Reason
from shuyuan.branches.holidays import ScheduleDay
from shuyuan.branches.models import Branch, Closure, PublicHoliday
from shuyuan.freetext import has_personal_number


@transaction.atomic(durable=True)
def import_holiday_schedule(days: list[ScheduleDay], *, at: datetime, by: Any) -> int:
    """Replace the schedule of every year the file covers with the file's days."""
    years = sorted({d.date.year for d in days})
    PublicHoliday.objects.filter(date__year__in=years).delete()
    PublicHoliday.objects.bulk_create(PublicHoliday(date=d.date, kind=d.kind, name=d.name) for d in days)
    log.record("calendar.import_holidays", at=at, by=by, detail={"years": years, "days": len(days)})
    return len(days)


@transaction.atomic(durable=True)
def close_branch(
    branch: Branch, first_day: date, last_day: date, *, reason: str, kind: str, at: datetime, by: Any
) -> Closure:
    """Close a branch for some days. Due dates that fall in them move to the next open day when
    circulation computes or checks them (it reads the calendar, not a stored copy); a closure of
    many months moves them to the day the branch reopens. Refused: a reversed range, one longer
    than ``MAX_CLOSURE_DAYS``, and days far from the present (a typo such as 0001 or 9999)."""
    if has_personal_number(reason):
        raise CalendarRefused(Reason.PERSONAL_NUMBER_IN_TEXT)
    problem = rules.closure_problem(first_day, last_day, today=timezone.localdate(at))
    if problem is not None:
        reason, params = problem
        raise CalendarRefused(reason, **params)
    closure = Closure.objects.create(
        branch=branch, first_day=first_day, last_day=last_day, reason=reason, kind=kind, created_at=at
    )
    log.record("calendar.close_branch", at=at, by=by, obj=closure, detail={"branch": branch.code})
    return closure
