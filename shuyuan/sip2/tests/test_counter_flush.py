"""Adding a tally to the counter rows: what several flushes (or several server processes) leave."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from shuyuan.sip2 import counters
from shuyuan.sip2.models import DeviceCounter
from shuyuan.sip2.tests.kiosk import make_kiosk

DAY = date(2016, 7, 7)
AT = timezone.make_aware(datetime(2016, 7, 7, 10, 0))


def tally(messages: int, errors: int, latencies: list[int], at: datetime) -> counters.Tally:
    found = counters.Tally()
    for n, latency in enumerate(latencies):
        found.add(latency, error=n < errors, at=at)
    assert found.messages == messages
    return found


def test_two_flushes_of_one_kiosk_and_command_add_up_in_one_row(db):
    device = make_kiosk()
    counters.flush({(device.pk, DAY, "11"): tally(2, 1, [300, 500], AT)})
    counters.flush({(device.pk, DAY, "11"): tally(1, 0, [200], AT)})
    row = DeviceCounter.objects.get(device=device, day=DAY, command="11")
    assert (row.messages, row.errors, row.latency_total_us) == (3, 1, 1000)


def test_the_longest_latency_and_the_latest_message_are_kept(db):
    device = make_kiosk()
    counters.flush({(device.pk, DAY, "09"): tally(1, 0, [900], AT + timedelta(minutes=5))})
    counters.flush({(device.pk, DAY, "09"): tally(1, 0, [100], AT)})
    row = DeviceCounter.objects.get(device=device, day=DAY, command="09")
    assert (row.latency_max_us, row.last_message_at) == (900, AT + timedelta(minutes=5))


def test_a_row_without_a_last_message_time_takes_the_flushed_one(db):
    device = make_kiosk()
    DeviceCounter.objects.create(device=device, day=DAY, command="63")
    counters.flush({(device.pk, DAY, "63"): tally(1, 0, [100], AT)})
    assert DeviceCounter.objects.get(device=device, day=DAY, command="63").last_message_at == AT


def test_each_kiosk_day_and_command_has_its_own_row(db):
    device, other = make_kiosk(), make_kiosk("kiosk2")
    counters.flush(
        {
            (device.pk, DAY, "11"): tally(1, 0, [100], AT),
            (device.pk, DAY + timedelta(days=1), "11"): tally(1, 0, [100], AT),
            (other.pk, DAY, "11"): tally(1, 0, [100], AT),
            (device.pk, DAY, "09"): tally(1, 0, [100], AT),
        }
    )
    assert DeviceCounter.objects.count() == 4
