"""The three files of a period's report, made from one reading of the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import jinja2

from shuyuan.branches.models import Branch
from shuyuan.stats.figures import Period
from shuyuan.workreport import content as report_content
from shuyuan.workreport import context, excel, pdfdoc, queries, word


@dataclass(frozen=True)
class Files:
    content: report_content.Content
    docx: bytes
    pdf: bytes
    xlsx: bytes

    @property
    def stem(self) -> str:
        return f"work-report-{self.content.period.first:%Y%m%d}-{self.content.period.last:%Y%m%d}"


def period(first: date, last: date, *, today: date) -> Period:
    """The period asked for, refused with a Chinese sentence when it ends before it starts or lies in the future."""
    return Period.checked(first, last, today=today)


def make(period: Period, *, branch: Branch | None = None) -> Files:
    """The report of ``period``: its narratives as kept (or the draft), the library's current template."""
    narratives = queries.narratives_for(period, branch)
    content = report_content.build(period, branch=branch, narratives=narratives)
    values = context.values(content)
    images = context.chart_images(content)
    template = queries.current_template()
    try:
        docx = word.render(values, images, bytes(template.content) if template else None)
    except jinja2.TemplateError:
        # The library's template passed its check but fails on this period's data: the default one
        # still gives the report (the page names the problem when the template is uploaded again).
        docx = word.render(values, images, None)
    return Files(
        content=content,
        docx=docx,
        pdf=pdfdoc.render(values, images),
        xlsx=excel.render(content),
    )
