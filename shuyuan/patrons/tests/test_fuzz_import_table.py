"""Any file offered as a list of readers is read, each row an application or a reason, or refused
whole with a reason: never a crash (issue 19, fuzzing)."""

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuyuan.patrons.importing import ImportFileError, applications, read_table
from shuyuan.testing.branches import make_branch
from shuyuan.testing.patrons import make_category, resident_id

HEADERS = st.sampled_from(
    [
        "card_number",
        "name",
        "id_number",
        "phone",
        "branch",
        "category",
        "deposit",
        "姓名",
        "证号",
        "registered_at",
        "",
        "x",
    ]
)
CELLS = st.one_of(
    st.sampled_from(
        [
            "张三",
            "=1+1",
            "@SUM(A1)",
            "",
            "  ",
            "abc<script>",
            "13800138000",
            "12.50",
            "-3",
            "2016-02-30",
            resident_id(date(1980, 5, 17)),
            "430281198005171230",
            "\u202e",
            "\x00",
            "LLR00000018",
        ]
    ),
    st.text(max_size=20),
)


def as_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.lists(HEADERS, min_size=1, max_size=6),
    st.lists(st.lists(CELLS, max_size=6), max_size=6),
    st.sampled_from(["utf-8", "gb18030", "raw"]),
)
def test_a_reader_file_gives_applications_or_reasons(header, rows, encoding):
    make_category()
    branch = make_branch()
    content = as_csv(header, rows)
    if encoding == "gb18030":
        content = content.decode("utf-8").encode("gb18030", errors="replace")
    elif encoding == "raw":
        content = bytes(b ^ 0x5A for b in content)
    try:
        table = read_table(content, "readers.csv")
    except ImportFileError as refusal:
        assert str(refusal)
        return
    for row in applications(table, default_branch=branch, today=date(2016, 6, 1)):
        assert (row.application is None) != (not row.error), "each row is an application or says why not"
