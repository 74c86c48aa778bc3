"""Reads of the work report: a report's narratives, the draft for a new one, the template in use."""

from __future__ import annotations

from shuyuan.branches.models import Branch
from shuyuan.stats.figures import Period
from shuyuan.workreport.drafts import default_drafts
from shuyuan.workreport.models import Report, Template


def find(period: Period, branch: Branch | None) -> Report | None:
    return Report.objects.filter(first=period.first, last=period.last, branch=branch).first()


def narratives_of(report: Report | None) -> dict[str, str]:
    if report is None:
        return {}
    return dict(report.narratives.values_list("section", "text"))


def draft_for(period: Period, branch: Branch | None) -> dict[str, str]:
    """The narratives a new report starts from: those of the same period a year before, else of the
    latest earlier report, else the first draft; a section missing from those keeps the first draft."""
    earlier = find(period.year_before(), branch)
    if earlier is None:
        earlier = Report.objects.filter(branch=branch, last__lt=period.first).order_by("-last", "-first").first()
    drafts = {str(k): v for k, v in default_drafts().items()}
    drafts.update({k: v for k, v in narratives_of(earlier).items() if v.strip()})
    return drafts


def narratives_for(period: Period, branch: Branch | None) -> dict[str, str]:
    """What the report of ``period`` says in its narrative sections: its own text once saved, else the draft."""
    texts = draft_for(period, branch)
    texts.update(narratives_of(find(period, branch)))
    return texts


def current_template() -> Template | None:
    return Template.objects.order_by("-uploaded_at", "-pk").first()
