"""Writes of the work report: the narratives staff write, and the template the library uploads."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from shuyuan.audit import log
from shuyuan.branches.models import Branch
from shuyuan.stats.figures import Period
from shuyuan.workreport import queries, word
from shuyuan.workreport.errors import Reason, WorkReportRefused
from shuyuan.workreport.models import Narrative, Report, Section, Template

MAX_NARRATIVE = 20_000


def _by_label(by: Any) -> str:
    return getattr(by, "username", "") or ""


@transaction.atomic(durable=True)
def save_narratives(
    period: Period, texts: Mapping[str, str], *, branch: Branch | None, at: datetime, by: Any
) -> Report:
    """Keep the narratives of ``period``'s report (created on the first save)."""
    for section, text in texts.items():
        if section not in Section.values:
            raise WorkReportRefused(Reason.UNKNOWN_SECTION, section=section)
        if len(text) > MAX_NARRATIVE:
            raise WorkReportRefused(Reason.TOO_LONG, section=Section(section).label, limit=MAX_NARRATIVE)
    report = Report.objects.select_for_update().filter(first=period.first, last=period.last, branch=branch).first()
    if report is None:
        report = Report.objects.create(
            first=period.first, last=period.last, branch=branch, created_at=at, updated_at=at, updated_by=_by_label(by)
        )
    else:
        report.updated_at, report.updated_by = at, _by_label(by)
        report.save(update_fields=["updated_at", "updated_by"])
    for section, text in texts.items():
        Narrative.objects.update_or_create(report=report, section=section, defaults={"text": text.strip()})
    return report


@transaction.atomic(durable=True)
def upload_template(name: str, content: bytes, *, at: datetime, by: Any) -> Template:
    """Use a new Word template from now on, after checking that its tags parse and that it renders;
    a broken one is refused with the line and the tag, and the last good template stays in use."""
    word.check_template(content)
    template = Template.objects.create(
        name=name[:200], content=content, uploaded_at=at, uploaded_by=by if getattr(by, "pk", None) else None
    )
    log.record("workreport.template_uploaded", at=at, by=by, obj=template)
    return template


__all__ = ["queries", "save_narratives", "upload_template"]
