from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from shuyuan.branches.models import Branch
from shuyuan.outreach import ical, services
from shuyuan.outreach.models import Activity, Kind
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.outreach import make_activity

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST = datetime(2016, 5, 4, 19, 0, tzinfo=SHANGHAI)


def screenings(branch: Branch):
    plan = services.Plan(
        title="影视展播", kind=Kind.FILM, starts_at=FIRST, ends_at=FIRST + timedelta(hours=2), branch=branch
    )
    return services.plan_series(plan, "FREQ=WEEKLY;COUNT=10", at=NOW, by=None)


def parse(activities):
    return Calendar.from_ical(ical.feed(activities, host="lib.example", now=NOW, name="活动"))


def test_a_series_is_one_event_whose_rule_gives_every_session():
    series = screenings(make_branch())
    calendar = parse(Activity.objects.all())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    rule = events[0]["rrule"].to_ical().decode()
    assert list(rrulestr(rule, dtstart=start)) == list(series.sessions.values_list("starts_at", flat=True))


def test_a_cancelled_session_is_an_exception_date_of_the_series():
    series = screenings(make_branch())
    third = series.sessions.order_by("starts_at")[2]
    Activity.objects.filter(pk=third.pk).update(status=Activity.Status.CANCELLED)
    event = parse(Activity.objects.all()).walk("VEVENT")[0]
    exdates = [d.dt for d in event["exdate"].dts]
    assert exdates == [third.starts_at]


def test_a_single_activity_is_an_event_with_its_place_and_times():
    activity = make_activity("读书沙龙", starts_at=datetime(2016, 6, 29, 15, tzinfo=SHANGHAI))
    event = parse([activity]).walk("VEVENT")[0]
    assert (str(event["summary"]), event.decoded("dtstart")) == ("读书沙龙", activity.starts_at)
    assert str(event["uid"]) == f"activity-{activity.pk}@lib.example"
