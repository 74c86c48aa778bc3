"""People-counter CSV files: the mapping of the counter's model, all or nothing, history kept."""

from datetime import date

import pytest

from shuyuan.branches.models import ServicePoint
from shuyuan.testing.branches import NOW
from shuyuan.visits import queries, rules, services
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
    assert VisitCount.objects.count() == 2  # one row per gate and day


def test_a_file_with_other_figures_corrects_the_counts_and_keeps_the_old_ones(room):
    load(room, counter_csv(count=3))
    model = make_counter_model(name="B")
    services.import_counter_file(
        counter_csv(count=5), counter_model=model, service_point=room, file_name="b.csv", at=NOW, by=None
    )
    current = VisitCount.objects.filter(replaced_by__isnull=True)
    assert sorted(VisitCount.objects.values_list("count", "revision")) == [(12, 1), (12, 1), (20, 2), (20, 2)]
    assert all(row.replaces is not None for row in current)
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


def test_each_gates_day_is_one_row_holding_its_intervals(room):
    load(room, counter_csv(gates=1, intervals=4, count=3).replace("09:15,3", "09:15,7"))
    row = VisitCount.objects.get()
    assert (row.count, row.interval_start, row.interval_end) == (16, local(2016, 3, 1, 9), local(2016, 3, 1, 10))
    assert [(start, n) for start, _end, n in rules.unpack_intervals(row.interval_start, row.intervals)] == [
        (local(2016, 3, 1, 9), 3),
        (local(2016, 3, 1, 9, 15), 7),
        (local(2016, 3, 1, 9, 30), 3),
        (local(2016, 3, 1, 9, 45), 3),
    ]


def test_a_file_correcting_one_interval_of_a_day_replaces_the_days_row_and_keeps_the_old_one(room):
    load(room, counter_csv(gates=1, intervals=4, count=3))
    model = make_counter_model(name="B")
    batch = services.import_counter_file(
        counter_csv(gates=1, intervals=4, count=3).replace("09:15,3", "09:15,9"),
        counter_model=model,
        service_point=room,
        file_name="b.csv",
        at=NOW,
        by=None,
    )
    old, new = VisitCount.objects.order_by("revision")
    assert (batch.added, batch.corrected) == (0, 1)
    assert (old.count, new.count, new.replaces_id, new.counter_import_id) == (12, 18, old.pk, batch.pk)
    assert queries.total_visits(room, DAY, DAY) == 18


def test_a_file_filling_a_gap_of_a_day_counted_before_corrects_that_days_row(room):
    load(room, "gate,start,in\nG0,2016-03-01 09:00,3\nG0,2016-03-01 09:30,3\n")
    model = make_counter_model(name="B")
    again = services.import_counter_file(
        "gate,start,in\nG0,2016-03-01 09:00,3\nG0,2016-03-01 09:15,4\nG0,2016-03-01 09:30,3\n",
        counter_model=model,
        service_point=room,
        file_name="b.csv",
        at=NOW,
        by=None,
    )
    assert (again.added, again.corrected) == (1, 0)
    assert queries.total_visits(room, DAY, DAY) == 10
    assert VisitCount.objects.filter(replaced_by__isnull=True).get().revision == 2


def test_a_file_overlapping_a_day_counted_before_is_refused_whole(room):
    load(room, counter_csv(gates=1, intervals=4))
    model = make_counter_model(name="B")
    with pytest.raises(VisitsRefused, match="重叠"):
        services.import_counter_file(
            "gate,start,in\nG0,2016-03-01 09:20,3\n",
            counter_model=model,
            service_point=room,
            file_name="b.csv",
            at=NOW,
            by=None,
        )
    assert VisitCount.objects.count() == 1 and CounterImport.objects.count() == 1
