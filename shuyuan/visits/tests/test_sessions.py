"""The e-reading room: sessions, minors' daily time, closing time, the board, visits once a day."""

from datetime import date, timedelta

import pytest

from shuyuan.testing.patrons import make_patron
from shuyuan.visits import queries, services
from shuyuan.visits.errors import Reason, VisitsRefused
from shuyuan.visits.models import ComputerSession
from shuyuan.visits.tests.factories import local, make_computer, make_room

pytestmark = pytest.mark.django_db
MORNING = local(2016, 3, 1, 9)


@pytest.fixture
def room():
    return make_room()


def adult():
    return make_patron("李四", birth=date(1980, 5, 17))


def minor():
    return make_patron("小明", birth=date(2000, 6, 1))  # 15 on the day: no guardian needed, still a minor


def test_a_minor_gets_the_rest_of_the_days_minutes_as_a_deadline(room):
    child = minor()
    pc = make_computer(room)
    services.record_session(
        pc,
        child,
        started_at=MORNING,
        ended_at=MORNING + timedelta(minutes=90),
        at=MORNING + timedelta(hours=2),
        by=None,
    )
    later = MORNING + timedelta(hours=3)
    session = services.start_session(pc, child, at=later, by=None)
    assert session.is_minor and session.must_end_at == later + timedelta(minutes=30)


def test_a_minor_whose_time_is_used_up_cannot_start_another_session(room):
    child = minor()
    pc = make_computer(room)
    services.record_session(
        pc,
        child,
        started_at=MORNING,
        ended_at=MORNING + timedelta(minutes=120),
        at=MORNING + timedelta(hours=3),
        by=None,
    )
    with pytest.raises(VisitsRefused) as refused:
        services.start_session(pc, child, at=MORNING + timedelta(hours=3), by=None)
    assert refused.value.message == "未满 18 周岁的读者每天上机不超过 120 分钟，该读者今天的上机时间已用完。"


def test_a_recorded_session_that_takes_a_minor_past_the_limit_is_refused(room):
    with pytest.raises(VisitsRefused) as refused:
        services.record_session(
            make_computer(room),
            minor(),
            started_at=MORNING,
            ended_at=MORNING + timedelta(minutes=121),
            at=MORNING + timedelta(hours=3),
            by=None,
        )
    assert refused.value.reason == Reason.MINOR_TIME_EXCEEDED
    assert not ComputerSession.objects.exists()


def test_an_adult_has_no_daily_limit_but_closing_time(room):
    session = services.start_session(make_computer(room), adult(), at=MORNING, by=None)
    assert not session.is_minor and session.must_end_at == local(2016, 3, 1, 21)


def test_sessions_still_open_at_closing_time_are_closed_then(room):
    session = services.start_session(make_computer(room), adult(), at=MORNING, by=None)
    assert services.close_due_sessions(at=local(2016, 3, 1, 21, 5)) == 1
    session.refresh_from_db()
    assert session.ended_at == local(2016, 3, 1, 21) and session.end_reason == "closing_time"


def test_a_minors_session_is_closed_when_the_time_is_used(room):
    session = services.start_session(make_computer(room), minor(), at=MORNING, by=None)
    services.close_due_sessions(at=MORNING + timedelta(hours=3))
    session.refresh_from_db()
    assert session.ended_at == MORNING + timedelta(minutes=120) and session.end_reason == "time_limit"


def test_a_session_that_ends_before_it_starts_is_refused_in_chinese(room):
    with pytest.raises(VisitsRefused) as refused:
        services.record_session(
            make_computer(room),
            adult(),
            started_at=MORNING,
            ended_at=MORNING - timedelta(minutes=5),
            at=MORNING + timedelta(hours=1),
            by=None,
        )
    assert refused.value.message == "上机的结束时间早于开始时间。"
    assert not ComputerSession.objects.exists()


def test_a_busy_computer_cannot_take_a_second_reader(room):
    pc = make_computer(room)
    services.start_session(pc, adult(), at=MORNING, by=None)
    with pytest.raises(VisitsRefused) as refused:
        services.start_session(pc, make_patron("赵六", birth=date(1975, 1, 2)), at=MORNING, by=None)
    assert refused.value.reason == Reason.COMPUTER_BUSY


def test_the_board_shows_free_and_busy_computers(room):
    busy, free = make_computer(room, "PC01"), make_computer(room, "PC02")
    services.start_session(busy, adult(), at=MORNING, by=None)
    assert {(row.computer.name, row.is_busy) for row in queries.board(room)} == {("PC01", True), ("PC02", False)}
    assert free.pk in {row.computer.pk for row in queries.board(room)}


def test_sessions_count_as_visits_of_the_room_each_reader_once_a_day(room):
    reader, other = adult(), make_patron("赵六", birth=date(1975, 1, 2))
    pc = make_computer(room)
    for hour, who in ((9, reader), (11, reader), (14, other)):
        start = local(2016, 3, 1, hour)
        services.record_session(
            pc, who, started_at=start, ended_at=start + timedelta(minutes=50), at=local(2016, 3, 2), by=None
        )
    [day] = queries.daily_visits(room, date(2016, 3, 1), date(2016, 3, 1))
    assert (day.count, day.source) == (2, queries.Source.SESSIONS)


def test_the_database_keeps_a_reader_to_one_open_session(room):
    from django.db import IntegrityError, transaction

    reader = adult()
    first = services.start_session(make_computer(room), reader, at=MORNING, by=None)
    second = ComputerSession(
        computer=make_computer(room, "PC02"), service_point=first.service_point, reader_token=first.reader_token,
        is_minor=False, day=first.day, started_at=MORNING, must_end_at=first.must_end_at,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
