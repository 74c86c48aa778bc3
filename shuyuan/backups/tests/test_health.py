from datetime import UTC, datetime, timedelta

import pytest

from shuyuan import backups, health


@pytest.mark.django_db
def test_health_names_a_missing_backup(client):
    answer = client.get("/api/health").json()
    assert answer["database"] is True
    assert answer["status"] == "degraded" and "backup" in answer["problems"]
    assert answer["disk_free_bytes"] > 0


@pytest.mark.django_db(transaction=True)
def test_health_is_ok_after_a_backup_and_stale_a_day_and_a_half_later(client, tmp_path):
    info = backups.take(tmp_path / "nightly.backup")
    assert client.get("/api/health").json()["status"] == "ok"
    later = datetime.fromisoformat(info.taken_at) + timedelta(hours=36)
    report = health.check(now=later.astimezone(UTC))
    assert report.status == "degraded" and report.problems == ["backup"]
    assert report.last_backup_age_hours == pytest.approx(36, abs=0.01)
