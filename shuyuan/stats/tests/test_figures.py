from datetime import date, timedelta

import pytest
from django.utils import timezone

from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.circulation.models import CirculationEvent
from shuyuan.stats import figures
from shuyuan.stats.figures import Period, StatsRefusal
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.testing.catalog import make_item, make_record

pytestmark = pytest.mark.django_db
Kind = CirculationEvent.Kind
MARCH = Period(date(2016, 3, 1), date(2016, 3, 31))


def test_a_period_ending_before_it_starts_is_refused_in_chinese_words():
    with pytest.raises(StatsRefusal) as refused:
        Period.checked(date(2016, 3, 2), date(2016, 3, 1), today=date(2016, 7, 1))
    assert "2016-03-01" in refused.value.message


def test_a_future_period_is_refused():
    with pytest.raises(StatsRefusal):
        Period.checked(date(2016, 8, 1), date(2016, 8, 31), today=date(2016, 7, 1))


def test_the_year_before_of_29_february_is_28_february():
    assert Period(date(2016, 2, 29), date(2016, 2, 29)).year_before() == Period(date(2015, 2, 28), date(2015, 2, 28))


def test_loans_count_the_checkouts_of_the_local_days_of_the_period():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 1, 0, 5), point=point)
    make_event(Kind.CHECKOUT, local(2016, 3, 31, 23, 55), point=point)
    make_event(Kind.CHECKOUT, local(2016, 4, 1, 0, 1), point=point)
    make_event(Kind.CHECKIN, local(2016, 3, 10), point=point)
    start, end = local(2016, 3, 1, 0), local(2016, 4, 1, 0)
    plain = CirculationEvent.objects.filter(kind="checkout", at__gte=start, at__lt=end).count()
    assert figures.value("loans", MARCH) == plain == 2


def test_loans_and_returns_add_checkouts_and_checkins_but_not_renewals():
    point = make_service_point()
    for kind in (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEWAL, Kind.CHECKIN):
        make_event(kind, local(2016, 3, 5), point=point)
    assert figures.value("loans_and_returns", MARCH) == 3


def test_a_branch_sees_only_its_own_rows():
    ours, theirs = make_service_point(), make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=ours)
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=theirs)
    make_event(Kind.CHECKOUT, local(2016, 3, 6), point=theirs)
    assert figures.value("loans", MARCH, branch=ours.branch) == 1
    assert [r.pk for r in figures.rows("loans", MARCH, branch=ours.branch)] == list(
        CirculationEvent.objects.filter(branch=ours.branch).values_list("pk", flat=True)
    )


def test_breakdown_by_weekday_and_hour_names_the_keys_in_chinese():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 7, 9), point=point)  # a Monday
    make_event(Kind.CHECKOUT, local(2016, 3, 7, 9, 30), point=point)
    make_event(Kind.CHECKOUT, local(2016, 3, 8, 15), point=point)
    rows = figures.breakdown("loans", MARCH, ["weekday", "hour"])
    assert [(r.key, r.value) for r in rows] == [(("1", "9"), 2), (("2", "15"), 1)]
    assert rows[0].labels[1] == "09时"


def test_returns_break_down_by_the_items_home_branch_for_flows_between_branches():
    home, elsewhere = make_branch(), make_service_point()
    item = make_item(branch=home)
    make_event(Kind.CHECKIN, local(2016, 3, 5), point=elsewhere, item=item)
    rows = figures.breakdown("returns", MARCH, ["branch", "item_home_branch"])
    assert [r.key for r in rows] == [(str(elsewhere.branch_id), str(home.pk))]


def test_a_dimension_not_on_the_measures_list_is_refused():
    with pytest.raises(StatsRefusal):
        figures.breakdown("volumes_donated", MARCH, ["hour"])


def test_a_filter_key_that_is_not_a_value_of_its_dimension_is_refused():
    with pytest.raises(StatsRefusal):
        figures.value("loans", MARCH, filters={"hour": "1; DROP TABLE x"})


def test_a_filtered_figure_counts_only_the_rows_of_that_key():
    desk, kiosk = make_service_point(), make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=desk)
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=kiosk)
    assert figures.value("loans", MARCH, filters={"service_point": str(kiosk.pk)}) == 1


def test_active_readers_count_each_reader_once():
    point = make_service_point()
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=point, reader_token="a")
    make_event(Kind.RENEWAL, local(2016, 3, 6), point=point, reader_token="a")
    make_event(Kind.CHECKOUT, local(2016, 3, 6), point=point, reader_token="b")
    make_event(Kind.CHECKIN, local(2016, 3, 6), point=point, reader_token="c")
    assert figures.value("active_readers", MARCH) == 2
    assert figures.value("readers_served", MARCH) == 3


def test_the_drill_url_names_the_period_and_the_filters():
    url = figures.drill_url("loans", MARCH, filters={"hour": "9"})
    assert url.startswith("/stats/figures/loans/rows/?") and "first=2016-03-01" in url and "f_hour=9" in url


def test_every_measure_answers_for_an_empty_period():
    assert {name: figures.value(name, MARCH) for name in figures.MEASURES} == dict.fromkeys(figures.MEASURES, 0)


def test_the_stock_as_of_a_day_leaves_out_items_withdrawn_by_then():
    record = make_record()
    kept = make_item(record, created_at=local(2016, 1, 5))
    gone = make_item(record, branch=kept.home_branch, created_at=local(2016, 1, 5))
    ItemStatusChange.objects.create(
        item=gone, old_status="on_shelf", new_status=Item.Status.WITHDRAWN, at=local(2016, 3, 10), by_label="t"
    )
    before, after = figures.stock(date(2016, 3, 9)), figures.stock(date(2016, 3, 10))
    assert (before.kinds, before.volumes, after.kinds, after.volumes) == (1, 2, 1, 1)


def test_the_ledger_adds_up_opening_added_and_withdrawn_to_the_closing_stock():
    from shuyuan.stats.ledger import ledger

    old = make_item(created_at=local(2015, 12, 1))
    make_item(branch=old.home_branch, created_at=local(2016, 3, 3))
    ItemStatusChange.objects.create(
        item=old, old_status="on_shelf", new_status=Item.Status.WITHDRAWN, at=local(2016, 3, 20), by_label="t"
    )
    (line,) = ledger(date(2016, 3, 1), date(2016, 3, 31))
    assert (line.opening, line.added, line.withdrawn, line.closing) == (1, 1, 1, 1)
    assert line.opening + line.added - line.withdrawn == line.closing


def test_a_figure_entered_by_hand_is_found_for_its_exact_period_with_its_source():
    from decimal import Decimal

    from shuyuan.stats.services import enter_figure

    enter_figure(
        "loans",
        date(2015, 1, 1),
        date(2015, 6, 30),
        Decimal(330000),
        source="2015 年半年报",
        at=local(2016, 7, 1),
        by=None,
    )
    found = figures.manual("loans", Period(date(2015, 1, 1), date(2015, 6, 30)))
    assert found is not None and (found.value, found.source) == (330000, "2015 年半年报")
    assert figures.manual("loans", Period(date(2015, 1, 1), date(2015, 6, 29))) is None


def test_days_counts_both_ends():
    assert Period(date(2016, 1, 1), date(2016, 1, 1) + timedelta(days=9)).days() == 10


def test_visits_per_point_and_day_follow_the_visits_apps_choice_of_source():
    from shuyuan.visits import queries
    from shuyuan.visits.models import VisitCount

    counted, tallied, served = make_service_point(), make_service_point(), make_service_point()
    day = date(2016, 3, 7)
    for point, source, n in ((counted, "counter_device", 40), (counted, "desk", 7), (tallied, "desk", 12)):
        VisitCount.objects.create(
            service_point=point, day=day, count=n, source=source, entered_at=local(2016, 3, 7, 20)
        )
    make_event(Kind.CHECKOUT, local(2016, 3, 7), point=served, reader_token="a")
    make_event(Kind.CHECKIN, local(2016, 3, 7, 11), point=served, reader_token="a")
    make_event(Kind.CHECKIN, local(2016, 3, 7, 12), point=served, reader_token="b")
    make_event(Kind.CHECKOUT, local(2016, 3, 7), point=counted, reader_token="c")
    expected = {
        (str(p.pk), d.day.isoformat()): d.count
        for p in (counted, tallied, served)
        for d in queries.daily_visits(p, MARCH.first, MARCH.last)
    }
    rows = figures.breakdown("visits", MARCH, ["service_point", "day"])
    assert (
        {r.key: r.value for r in rows}
        == expected
        == {
            (str(counted.pk), "2016-03-07"): 40,
            (str(tallied.pk), "2016-03-07"): 12,
            (str(served.pk), "2016-03-07"): 2,
        }
    )


def test_the_most_borrowed_titles_come_first_with_their_loans():
    point = make_service_point()
    popular, other = make_record(title="红楼梦"), make_record(title="三国演义")
    first, second = make_item(popular), make_item(popular)
    for item in (first, second, first):
        make_event(Kind.CHECKOUT, local(2016, 3, 5), point=point, item=item)
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=point, item=make_item(other))
    assert [(r.title, r.loans) for r in figures.most_borrowed(MARCH)] == [("红楼梦", 3), ("三国演义", 1)]


def test_titles_never_lent_are_the_stock_without_a_checkout_in_the_period():
    point = make_service_point()
    lent, idle = make_item(created_at=local(2016, 1, 1)), make_item(created_at=local(2016, 1, 1))
    make_event(Kind.CHECKOUT, local(2016, 3, 5), point=point, item=lent)
    assert list(figures.never_lent(MARCH)) == [idle]


def test_loans_per_reader_divide_loans_by_the_readers_who_borrowed():
    point = make_service_point()
    for token in ("a", "a", "a", "b"):
        make_event(Kind.CHECKOUT, local(2016, 3, 5), point=point, reader_token=token)
    assert figures.loans_per_reader(MARCH) == 2.0


def _gate_count(point, day: date, n: int) -> None:
    from shuyuan.visits.models import VisitCount

    VisitCount.objects.create(
        service_point=point,
        day=day,
        count=n,
        source="counter_device",
        gate="大门",
        entered_at=local(day.year, day.month, day.day, 20),
        interval_start=local(day.year, day.month, day.day, 9),
        interval_end=local(day.year, day.month, day.day, 9, 15),
    )


def test_readers_served_at_a_kiosk_are_not_visits_on_a_day_the_branchs_gate_counted():
    entrance = make_service_point(kind="general_reading_room")
    kiosk = make_service_point(entrance.branch, kind="kiosk")
    _gate_count(entrance, date(2016, 3, 7), 40)
    make_event(Kind.CHECKOUT, local(2016, 3, 7), point=kiosk, channel="kiosk", reader_token="a")
    make_event(Kind.CHECKOUT, local(2016, 3, 8), point=kiosk, channel="kiosk", reader_token="a")
    rows = figures.breakdown("visits", MARCH, ["service_point", "day"])
    assert {r.key: r.value for r in rows} == {
        (str(entrance.pk), "2016-03-07"): 40,
        (str(kiosk.pk), "2016-03-08"): 1,
    }


def test_total_circulation_visits_count_a_kiosk_reader_of_a_branch_without_a_gate():
    gated = make_service_point(kind="general_reading_room")
    _gate_count(gated, date(2016, 3, 7), 40)
    kiosk = make_service_point(kind="kiosk")
    make_event(Kind.CHECKOUT, local(2016, 3, 7), point=kiosk, channel="kiosk", reader_token="a")
    assert figures.value("total_circulation_visits", MARCH) == 41


def test_lending_visits_count_each_reader_once_a_day_however_many_loans():
    point = make_service_point()
    for at, reader in ((local(2016, 3, 5, 9), "a"), (local(2016, 3, 5, 16), "a"), (local(2016, 3, 6), "a")):
        make_event(Kind.CHECKOUT, at, point=point, reader_token=reader)
    make_event(Kind.CHECKOUT, local(2016, 3, 6), point=point, reader_token="b")
    make_event(Kind.CHECKIN, local(2016, 3, 7), point=point, reader_token="c")
    plain = CirculationEvent.objects.filter(kind=Kind.CHECKOUT).values_list("reader_token", "at").iterator()
    assert figures.value("lending_visits", MARCH) == len({(r, timezone.localdate(at)) for r, at in plain}) == 3
