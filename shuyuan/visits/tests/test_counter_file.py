"""People-counter CSV files: the mapping of the counter's model, all or nothing, history kept."""

from datetime import date

import pytest

from shuyuan.branches.models import ServicePoint
from shuyuan.testing.branches import NOW
from shuyuan.visits import queries, services
from shuyuan.visits.errors import VisitsRefused
from shuyuan.visits.models import CounterImport, VisitCount
from shuyuan.visits.tests.factories import counter_csv, local, make_counter_model, make_room

pytestmark = pytest.mark.django_db
DAY = date(2016, 3, 1)


@pytest.fixture
def room() -> ServicePoint:
    return make_room(ServicePoint.Kind.CHILDRENS_ROOM)


def load(room: ServicePoint, text: str, **model_fields) -> CounterImport:
    model = make_counter_model(**model_fields)
    return services.import_counter_file(
        text, counter_model=model, service_point=room, file_name="a.csv", at=NOW, by=None
    )


def refusal(room: ServicePoint, text: str) -> str:
    with pytest.raises(VisitsRefused) as refused:
        load(room, text)
    assert not VisitCount.objects.exists() and not CounterImport.objects.exists()
    return refused.value.message


def test_every_gate_and_interval_of_the_file_is_counted_and_the_file_is_kept(room):
    batch = load(room, counter_csv(gates=2, intervals=4, count=3))
    assert (batch.lines, batch.added, batch.file_name) == (8, 8, "a.csv")
    assert queries.daily_visits(room, DAY, DAY)[0].count == 24
    assert queries.daily_visits(room, DAY, DAY)[0].source == queries.Source.COUNTER


def test_the_columns_follow_the_mapping_saved_for_the_counter_model(room):
    text = "通道,开始,结束,进入\n北门,2016/03/01 09:00,2016/03/01 10:00,40\n"
    load(
        room,
        text,
        name="海康",
        gate_column="通道",
        start_column="开始",
        end_column="结束",
        count_column="进入",
        datetime_format="%Y/%m/%d %H:%M",
    )
    row = VisitCount.objects.get()
    assert (row.gate, row.count, row.interval_end - row.interval_start) == (
        "北门",
        40,
        local(1, 1, 1, 1) - local(1, 1, 1, 0),
    )


def test_the_same_file_imported_twice_adds_nothing(room):
    load(room, counter_csv())
    model = make_counter_model(name="B")
    again = services.import_counter_file(
        counter_csv(), counter_model=model, service_point=room, file_name="a.csv", at=NOW, by=None
    )
    assert (again.added, again.corrected) == (0, 0)
    assert VisitCount.objects.count() == 8


def test_a_file_with_other_figures_corrects_the_counts_and_keeps_the_old_ones(room):
    load(room, counter_csv(count=3))
    model = make_counter_model(name="B")
    services.import_counter_file(
        counter_csv(count=5), counter_model=model, service_point=room, file_name="b.csv", at=NOW, by=None
    )
    assert VisitCount.objects.count() == 16
    assert queries.total_visits(room, DAY, DAY) == 40


def test_a_garbled_line_refuses_the_whole_file_naming_the_line(room):
    text = counter_csv() + "G9,这不是时间,3\n"
    assert refusal(room, text) == "第 10 行：无法识别日期或时间"


def test_a_line_with_missing_fields_refuses_the_whole_file(room):
    assert refusal(room, counter_csv() + "G9,2016-03-01 12:00\n").startswith("第 10 行：")


def test_a_negative_count_refuses_the_whole_file(room):
    text = counter_csv().replace(",3\n", ",-3\n", 1)
    assert refusal(room, text) == "第 2 行：人次不能为负数。"


def test_a_date_in_the_future_refuses_the_whole_file(room):
    assert "未来" in refusal(room, counter_csv(start=local(2016, 3, 2, 9)))


def test_overlapping_intervals_of_one_gate_refuse_the_whole_file(room):
    text = counter_csv(gates=1, intervals=2) + "G0,2016-03-01 09:05,4\n"
    assert "重叠" in refusal(room, text)


def test_an_overlap_is_found_in_a_file_whose_lines_are_out_of_order(room):
    text = "gate,start,in\nG0,2016-03-01 09:30,1\nG0,2016-03-01 09:00,2\nG0,2016-03-01 09:20,3\n"
    assert "09:30" in refusal(room, text)


def test_a_file_whose_lines_are_out_of_order_without_overlaps_is_counted(room):
    text = "gate,start,in\nG0,2016-03-01 09:30,1\nG1,2016-03-01 09:00,2\nG0,2016-03-01 09:00,3\n"
    assert load(room, text).added == 3
