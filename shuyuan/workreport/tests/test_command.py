"""``shuyuan report --from … --to …`` writes the three files; a bad period gets a Chinese sentence."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_three_files(first_half, tmp_path):
    out = io.StringIO()
    call_command("report", "--from", "2016-01-01", "--to", "2016-06-30", "--out", str(tmp_path), stdout=out)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"work-report-20160101-20160630.{s}" for s in ("docx", "pdf", "xlsx")]


def test_a_period_that_ends_before_it_starts_is_refused_in_chinese(db, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("report", "--from", "2016-06-30", "--to", "2016-01-01", "--out", str(tmp_path))
    assert any("\u4e00" <= c <= "\u9fff" for c in str(refused.value)) and not list(tmp_path.iterdir())


def test_a_period_in_the_future_is_refused_in_chinese(db, tmp_path):
    year = timezone.localdate().year + 1
    with pytest.raises(CommandError) as refused:
        call_command("report", "--from", f"{year}-01-01", "--to", f"{year}-06-30", "--out", str(tmp_path))
    assert any("\u4e00" <= c <= "\u9fff" for c in str(refused.value))


def test_a_date_that_is_not_a_date_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="2016-02-30"):
        call_command("report", "--from", "2016-02-30", "--to", "2016-06-30", "--out", str(tmp_path))


def test_an_empty_period_says_so_instead_of_failing(db, tmp_path):
    out = io.StringIO()
    call_command("report", "--from", "2016-01-01", "--to", "2016-06-30", "--out", str(tmp_path), stdout=out)
    assert "本期没有任何记录" in out.getvalue() and len(list(tmp_path.iterdir())) == 3
