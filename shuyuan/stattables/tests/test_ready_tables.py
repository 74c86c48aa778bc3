"""The catalogue of ready tables, each against a count written plainly in the test."""

from datetime import date, timedelta

import pytest

from shuyuan.audit import log
from shuyuan.catalog.models import Item
from shuyuan.circulation.models import CirculationEvent
from shuyuan.patrons.models import Patron
from shuyuan.stats.figures import Period
from shuyuan.stattables import ready
from shuyuan.stattables.tests.factories import lend_many, local, make_event, make_library
from shuyuan.testing.branches import make_staff
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import make_open_loans
from shuyuan.testing.patrons import make_patron, resident_id
from shuyuan.visits.models import VisitCount

pytestmark = pytest.mark.django_db

MARCH = Period(date(2016, 3, 1), date(2016, 3, 31))


@pytest.fixture
def library():
    return make_library()


def test_the_ranking_by_class_puts_the_most_lent_title_of_each_class_first(library):
    other_novel = make_item(make_record("活着", clc="I247.57"), branch=library.central)
    lend_many(library.novel, library.central_desk, 3, local(2016, 3, 2))
    lend_many(other_novel, library.central_desk, 5, local(2016, 3, 2))
    lend_many(library.history, library.central_desk, 1, local(2016, 3, 2))
    rows = ready.build("101", MARCH, None).rows
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("I", 1, "活着", 5),
        ("I", 2, "平凡的世界", 3),
        ("K", 1, "万历十五年", 1),
    ]


def test_the_ranking_of_a_branch_counts_only_its_loans(library):
    lend_many(library.novel, library.central_desk, 3, local(2016, 3, 2))
    lend_many(library.history, library.davinci_desk, 2, local(2016, 3, 2))
    assert [r[2] for r in ready.build("101", MARCH, library.davinci).rows] == ["万历十五年"]


def test_titles_never_lent_leave_out_a_title_lent_once(library):
    make_event(CirculationEvent.Kind.CHECKOUT, local(2015, 5, 1), point=library.central_desk, item=library.novel)
    titles = [r[0] for r in ready.build("201", MARCH, None).rows]
    assert titles == ["万历十五年"]


def test_stock_counts_kinds_and_volumes_by_class_and_collection_without_withdrawn_copies(library):
    make_item(library.novel.record, branch=library.central, collection=library.novel.collection)
    make_item(
        library.novel.record, branch=library.central, collection=library.novel.collection, status=Item.Status.WITHDRAWN
    )
    table = ready.build("301", MARCH, library.central)
    assert ([(r[0], r[3], r[4]) for r in table.rows], table.total[3:]) == ([("I", 1, 2)], [1, 2])


def test_the_circulation_workload_counts_each_member_of_staffs_acts(library):
    for kind, by in [("checkout", "王芳"), ("checkout", "王芳"), ("checkin", "王芳"), ("renewal", "自助机1")]:
        make_event(kind, local(2016, 3, 5), point=library.central_desk, item=library.novel, by_label=by)
    table = ready.build("403", MARCH, library.central)
    assert table.rows == [["王芳", 2, 1, 0, 0, 3], ["自助机1", 0, 0, 1, 0, 1]]


def test_the_cataloguing_workload_of_a_branch_counts_its_staffs_acts_only(library):
    ours, theirs = make_staff("cataloguing", library.davinci), make_staff("cataloguing", library.central)
    log.record("catalog.create_record", at=local(2016, 3, 3), by=ours)
    log.record("catalog.create_record", at=local(2016, 3, 3), by=theirs)
    log.record("catalog.add_copies", at=local(2016, 3, 4), by=ours)
    rows = ready.build("401", MARCH, library.davinci).rows
    assert rows == [[ours.username, 1, 0, 1, 0, 0, 0, 2]]


def test_entries_per_gate_count_the_latest_correction_only(library):
    first = VisitCount.objects.create(
        service_point=library.central_desk,
        day=date(2016, 3, 8),
        count=100,
        source="counter_file",
        gate="东门",
        interval_start=local(2016, 3, 8, 9),
        interval_end=local(2016, 3, 8, 10),
        entered_at=local(2016, 3, 8, 11),
    )
    VisitCount.objects.create(
        service_point=library.central_desk,
        day=date(2016, 3, 8),
        count=120,
        source="counter_file",
        gate="东门",
        interval_start=local(2016, 3, 8, 9),
        interval_end=local(2016, 3, 8, 10),
        entered_at=local(2016, 3, 8, 12),
        revision=2,
        replaces=first,
    )
    assert ready.build("501", MARCH, None).rows == [["总馆外借处", "东门", 1, 120]]


def test_overdue_readers_mask_a_card_number_that_is_an_id_number_and_show_no_phone(library):
    reader = make_patron("林芳", branch=library.central, phone="13812345678")
    number = resident_id()
    Patron.objects.filter(pk=reader.pk).update(card_number=number)
    make_open_loans(reader, 2, branch=library.central, at=local(2016, 1, 1), due_in_days=30)
    table = ready.build("601", Period(date(2016, 1, 1), date(2016, 3, 31)), library.central)
    row = table.rows[0]
    assert (row[0], row[1], row[4], "13812345678" in str(table.rows)) == (
        number[:4] + "*" * 12 + number[-2:],
        "林芳",
        2,
        False,
    )


def test_an_unknown_ready_table_is_refused():
    with pytest.raises(ready.TableRefused):
        ready.build("999", MARCH, None)


def test_every_ready_table_runs_on_an_empty_library():
    period = Period(date.today() - timedelta(days=30), date.today())
    assert all(isinstance(ready.build(code, period, None).rows, list) for code in ready.READY)
