"""The report of a period with nothing recorded says so in every file instead of failing."""

from datetime import date

import pytest

from shuyuan.stats.figures import Period
from shuyuan.workreport import documents
from shuyuan.workreport.tests.readback import docx_text, pdf_text, squeeze

pytestmark = pytest.mark.django_db


def test_the_report_of_an_empty_period_says_nothing_was_recorded(desk):
    files = documents.make(Period(date(2014, 1, 1), date(2014, 6, 30)))
    sentence = "本期（2014-01-01至2014-06-30）没有任何记录"
    assert files.content.empty
    assert sentence in docx_text(files.docx) and sentence in squeeze(pdf_text(files.pdf))
