"""Every CSV export goes through one writer that keeps spreadsheets from running formulas (issue 20.8)."""

import io

import pytest

from shuyuan.spreadsheets import safe_cell, write_rows


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"])
def test_a_text_cell_a_spreadsheet_would_evaluate_becomes_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_an_ordinary_name_is_written_as_it_is() -> None:
    assert safe_cell("王五") == "王五"


def test_a_number_stays_a_number() -> None:
    assert safe_cell(-5) == -5


def test_written_rows_begin_with_a_bom_and_carry_neutralised_cells() -> None:
    out = io.StringIO()
    write_rows(out, [["name"], ["=1+1"]])
    assert out.getvalue() == "\ufeffname\r\n'=1+1\r\n"


def test_streamed_rows_carry_neutralised_cells() -> None:
    from shuyuan.spreadsheets import stream_rows

    assert "".join(stream_rows([["title"], ["-1+1"]])) == "\ufefftitle\r\n'-1+1\r\n"
