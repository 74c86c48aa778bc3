import pytest

from shuyuan.backups import archive


@pytest.fixture(autouse=True)
def _own_backup_record(monkeypatch, tmp_path):
    """Each test keeps its own record of the last backup, whatever other test workers back up."""
    monkeypatch.setattr(archive, "_state_file", lambda: tmp_path / "last-backup.json")
