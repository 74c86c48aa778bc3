"""Fifty readers racing for thirty places: threads with their own connections (SQLite's IMMEDIATE
transactions and write gate queue them; PostgreSQL's row lock on the activity does)."""

import threading

import pytest
from django.db import connection

from shuyuan.outreach import services
from shuyuan.outreach.errors import OutreachRefused
from shuyuan.outreach.models import Registration
from shuyuan.testing.branches import NOW
from shuyuan.testing.outreach import make_activity
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_readers_racing_for_thirty_places_give_thirty_registered_and_twenty_waiting():
    activity = make_activity(capacity=30, waiting_list_size=20)
    readers = [make_patron(f"读者{i}") for i in range(50)]
    barrier = threading.Barrier(len(readers))
    failures: list[Exception] = []

    def race(reader):
        try:
            barrier.wait()
            services.sign_up(activity, reader, at=NOW, by=None, channel=Registration.Channel.ONLINE)
        except (OutreachRefused, Exception) as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(reader,)) for reader in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    statuses = list(Registration.objects.filter(activity=activity).values_list("status", flat=True))
    assert statuses.count(Registration.Status.REGISTERED) == 30
    assert statuses.count(Registration.Status.WAITING) == 20
