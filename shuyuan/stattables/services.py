"""Every change to saved tables and schedules, each in one transaction with its audit row; the export
of a table (audited: the file leaves the system); and the sending of scheduled tables by e-mail."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from shuyuan.audit import log
from shuyuan.stats import figures
from shuyuan.stattables import exports
from shuyuan.stattables import spec as specs
from shuyuan.stattables.errors import Reason, TableRefused
from shuyuan.stattables.models import SavedTable, Schedule, ScheduleRun
from shuyuan.stattables.tables import Table, compute

logger = logging.getLogger(__name__)
MAX_RECIPIENTS = 20


@transaction.atomic(durable=True)
def save_table(spec: specs.TableSpec, *, name: str, is_shared: bool, at: datetime, by: Any) -> SavedTable:
    """Keep a table's choices under a name (its allow-listed names only, checked before)."""
    name = name.strip()[:100]
    if not name:
        raise TableRefused(Reason.EMPTY_NAME)
    table = SavedTable.objects.create(
        name=name,
        owner=by,
        is_shared=is_shared,
        measure=spec.measure,
        dimensions=list(spec.dimensions),
        filters=dict(spec.filters),
        period=spec.period,
        first=spec.first if spec.period == "custom" else None,
        last=spec.last if spec.period == "custom" else None,
        branch_code=spec.branch_code,
        created_at=at,
        updated_at=at,
    )
    log.record("stattables.save", at=at, by=by, obj=table, detail={"kind": spec.measure})
    return table


@transaction.atomic(durable=True)
def delete_table(table: SavedTable, *, at: datetime, by: Any) -> None:
    if table.owner_id != by.pk:
        raise TableRefused(Reason.NOT_YOURS)
    log.record("stattables.delete", at=at, by=by, obj=table)
    table.delete()


def _recipients(text: str) -> str:
    addresses = [line.strip() for line in text.replace(",", "\n").replace(";", "\n").splitlines() if line.strip()]
    if not addresses:
        raise TableRefused(Reason.NO_RECIPIENTS)
    for address in addresses[:MAX_RECIPIENTS]:
        try:
            validate_email(address)
        except ValidationError:
            raise TableRefused(Reason.BAD_RECIPIENT, address=address[:80]) from None
    return "\n".join(addresses[:MAX_RECIPIENTS])


@transaction.atomic(durable=True)
def add_schedule(table: SavedTable, *, frequency: str, recipients: str, at: datetime, by: Any) -> Schedule:
    """E-mail ``table`` every day, month or year for the period just ended."""
    if table.owner_id != by.pk:
        raise TableRefused(Reason.NOT_YOURS)
    frequency = Schedule.Frequency(frequency)
    schedule = Schedule.objects.create(
        table=table, frequency=frequency, recipients=_recipients(recipients), created_at=at, created_by=by.username
    )
    log.record("stattables.schedule", at=at, by=by, obj=table, detail={"kind": frequency.value})
    return schedule


@transaction.atomic(durable=True)
def remove_schedule(schedule: Schedule, *, at: datetime, by: Any) -> None:
    if schedule.table.owner_id != by.pk:
        raise TableRefused(Reason.NOT_YOURS)
    log.record("stattables.unschedule", at=at, by=by, obj=schedule.table)
    schedule.delete()


@transaction.atomic(durable=True)
def export(table: Table, *, file_format: str, at: datetime, by: Any) -> bytes:
    """The file of a table, and the audit row saying who took it."""
    body = exports.file_bytes(table, file_format)
    log.record("stattables.export", at=at, by=by, detail={"title": table.title[:100], "format": file_format})
    return body


def due_period(frequency: str, today: date) -> figures.Period | None:
    """The period a schedule sends on ``today``: yesterday every day, last month on the 1st, last
    year on 1 January; nothing on other days."""
    yesterday = today - timedelta(days=1)
    if frequency == Schedule.Frequency.DAILY:
        return figures.Period(yesterday, yesterday)
    if frequency == Schedule.Frequency.MONTHLY and today.day == 1:
        return figures.Period(yesterday.replace(day=1), yesterday)
    if frequency == Schedule.Frequency.YEARLY and today.month == 1 and today.day == 1:
        return figures.Period(date(yesterday.year, 1, 1), yesterday)
    return None


@dataclass(frozen=True)
class Sent:
    sent: int
    failed: int
    skipped: int


def send_due(*, at: datetime) -> Sent:
    """Send every active schedule due today whose period has not been sent yet; a failed sending is
    tried again on the next run. Each table runs with its owner's branches as they are today."""
    today = timezone.localdate(at)
    sent = failed = skipped = 0
    for schedule in Schedule.objects.filter(is_active=True).select_related("table", "table__owner"):
        period = due_period(schedule.frequency, today)
        if (
            period is None
            or ScheduleRun.objects.filter(
                schedule=schedule, first=period.first, last=period.last, status=ScheduleRun.Status.SENT
            ).exists()
        ):
            skipped += 1
            continue
        error = _send(schedule, period, today=today)
        _record_run(schedule, period, error=error, at=at)
        if error:
            failed += 1
        else:
            sent += 1
    return Sent(sent, failed, skipped)


def _send(schedule: Schedule, period: figures.Period, *, today: date) -> str:
    owner = schedule.table.owner
    if not owner.is_active or not owner.has_perm("stattables.export_table"):
        return _g("The owner of this table may no longer export tables.")
    try:
        saved = specs.from_saved(schedule.table, today=today)
        spec = specs.TableSpec(
            saved.measure, saved.dimensions, saved.filters, "custom", period.first, period.last, saved.branch_code
        )
        spec, branch = specs.checked_scope(spec, owner)
        table = compute(spec, branch=branch, today=today)
        message = EmailMessage(
            subject=f"{schedule.table.name} · {table.period}",
            body=_g("The table %(name)s for %(period)s (%(branch)s) is attached as Excel and CSV.")
            % {"name": schedule.table.name, "period": table.period, "branch": table.branch},
            to=schedule.recipient_list,
        )
        stem = f"table-{schedule.table.pk}-{period.first.isoformat()}"
        for file_format, (content_type, extension) in exports.FORMATS.items():
            message.attach(f"{stem}.{extension}", exports.file_bytes(table, file_format), content_type)
        message.send()
    except TableRefused as refusal:
        return refusal.message
    except Exception as problem:  # a mail server that refuses: kept on the run, tried again next time
        logger.exception("scheduled table %s not sent", schedule.pk)
        return f"{type(problem).__name__}: {problem}"[:300]
    return ""


@transaction.atomic(durable=True)
def _record_run(schedule: Schedule, period: figures.Period, *, error: str, at: datetime) -> None:
    status = ScheduleRun.Status.FAILED if error else ScheduleRun.Status.SENT
    try:
        with transaction.atomic():
            ScheduleRun.objects.update_or_create(
                schedule=schedule,
                first=period.first,
                last=period.last,
                defaults={"status": status, "ran_at": at, "error": error[:300]},
            )
    except IntegrityError:  # another run recorded it at the same moment
        return
    log.record(
        "stattables.send_scheduled",
        at=at,
        by=None,
        obj=schedule.table,
        detail={"from": period.first.isoformat(), "to": period.last.isoformat(), "status": status.value},
    )
