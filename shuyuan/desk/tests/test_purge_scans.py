from datetime import timedelta

from django.utils import timezone

from shuyuan.desk import services
from shuyuan.desk.models import DeskScan


def scan_at(clerk, point, at, n):
    return DeskScan.objects.create(
        client_id=f"purge-{n:06d}", session="session-1", mode="lend", user=clerk, service_point=point, created_at=at
    )


def test_scans_older_than_two_days_are_forgotten_and_recent_ones_kept(clerk, point):
    now = timezone.now()
    scan_at(clerk, point, now - timedelta(days=3), 1)
    kept = scan_at(clerk, point, now - timedelta(hours=5), 2)
    assert services.purge_scans(at=now) == 1
    assert list(DeskScan.objects.all()) == [kept]
