"""Narratives written on the staff page are kept with the report and start next year's draft."""

from __future__ import annotations

from datetime import date

import pytest

from shuyuan.stats.figures import Period
from shuyuan.stats.tests.factories import local
from shuyuan.workreport import documents, queries, services
from shuyuan.workreport.errors import WorkReportRefused
from shuyuan.workreport.tests.readback import docx_text, pdf_text, squeeze

pytestmark = pytest.mark.django_db


def test_the_narratives_saved_appear_in_the_docx_and_the_pdf(first_half):
    services.save_narratives(
        first_half,
        {"study": "全馆党员参加专题党课。\n每个党员有一个专门的笔记本。", "plan": "1、做好三湘读书月活动。"},
        branch=None,
        at=local(2016, 7, 1),
        by=None,
    )
    files = documents.make(first_half)
    assert "全馆党员参加专题党课。\n每个党员有一个专门的笔记本。" in docx_text(files.docx)
    assert "1、做好三湘读书月活动。" in squeeze(pdf_text(files.pdf))


def test_last_year_s_narratives_are_this_year_s_draft(desk):
    services.save_narratives(
        Period(date(2016, 1, 1), date(2016, 6, 30)),
        {"preface": "2016年的前言。"},
        branch=None,
        at=local(2016, 7, 1),
        by=None,
    )
    draft = queries.narratives_for(Period(date(2017, 1, 1), date(2017, 6, 30)), None)
    assert draft["preface"] == "2016年的前言。"
    assert queries.find(Period(date(2017, 1, 1), date(2017, 6, 30)), None) is None


def test_saving_again_replaces_the_text_of_the_same_report(first_half):
    for text in ("初稿。", "定稿。"):
        report = services.save_narratives(first_half, {"closing": text}, branch=None, at=local(2016, 7, 1), by=None)
    assert queries.narratives_of(report)["closing"] == "定稿。"
    assert report.narratives.count() == 1


def test_an_unknown_section_is_refused(first_half):
    with pytest.raises(WorkReportRefused):
        services.save_narratives(first_half, {"appendix": "附录"}, branch=None, at=local(2016, 7, 1), by=None)
