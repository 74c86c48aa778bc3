"""The iCalendar feed (RFC 5545) of coming public activities, for readers' phones. A series is one
VEVENT with its recurrence rule; a session that was cancelled is an EXDATE, and a session moved to
another time is a VEVENT of its own with a RECURRENCE-ID, as the RFC asks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vRecur

from shuyuan.outreach.models import Activity, Series

PRODID = "-//Shuyuan//Activities//ZH"


def feed(activities: Iterable[Activity], *, host: str, now: datetime, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    series: dict[int, list[Activity]] = {}
    for activity in activities:
        if activity.series_id is None:
            calendar.add_component(_event(activity, uid=f"activity-{activity.pk}@{host}", now=now))
        else:
            series.setdefault(activity.series_id, []).append(activity)
    for sessions in series.values():
        for component in _series(sessions[0].series, sessions, host=host, now=now):  # type: ignore[arg-type]
            calendar.add_component(component)
    return calendar.to_ical()


def _event(activity: Activity, *, uid: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    event.add("summary", activity.title)
    event.add("location", activity.place)
    if activity.narrative:
        event.add("description", activity.narrative)
    if activity.status == Activity.Status.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def _series(series: Series, sessions: list[Activity], *, host: str, now: datetime) -> list[Event]:
    uid = f"series-{series.pk}@{host}"
    duration = timedelta(minutes=series.duration_minutes)
    master = Event()
    master.add("uid", uid)
    master.add("dtstamp", now)
    master.add("dtstart", series.first_starts_at)
    master.add("dtend", series.first_starts_at + duration)
    master.add("summary", series.title)
    master.add("location", sessions[0].place)
    master.add("rrule", vRecur.from_ical(series.rrule))
    planned = set(rrulestr(series.rrule, dtstart=series.first_starts_at))
    by_start = {s.starts_at: s for s in sessions}
    cancelled = [s.starts_at for s in sessions if s.status == Activity.Status.CANCELLED and s.starts_at in planned]
    if cancelled:
        master.add("exdate", cancelled)
    events = [master]
    for session in sessions:
        if session.starts_at not in planned and session.status != Activity.Status.CANCELLED:
            moved = _event(session, uid=uid, now=now)
            original = min(planned - set(by_start), key=lambda t: abs(t - session.starts_at), default=None)
            if original is not None:
                moved.add("recurrence-id", original)
                events.append(moved)
    return events
