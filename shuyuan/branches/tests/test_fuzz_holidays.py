"""Any text offered as a holiday schedule is read whole or refused with the line and the reason."""

from hypothesis import given
from hypothesis import strategies as st

from shuyuan.branches.holidays import ScheduleError, parse_schedule

CELLS = st.sampled_from(
    [
        "2016-02-07",
        "2016-02-30",
        "20160207",
        "holiday",
        "workday",
        "放假",
        "调休",
        "上班",
        "春节",
        "",
        " ",
        "#",
        "date",
        "kind",
        "=cmd",
        "\ufeff",
        "\x00",
        "2016-13-01",
    ]
)
LINES = st.lists(st.lists(st.one_of(CELLS, st.text(max_size=12)), max_size=5).map(",".join), max_size=8)


@given(LINES.map("\n".join))
def test_a_schedule_file_is_read_whole_or_refused_with_its_line(text):
    try:
        days = parse_schedule(text)
    except ScheduleError as refusal:
        assert str(refusal)
    else:
        assert days and len({d.date for d in days}) == len(days)
