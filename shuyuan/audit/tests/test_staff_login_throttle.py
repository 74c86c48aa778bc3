"""Staff logins are throttled per account and per address, locked with a Chinese message, and
every failure is audited (issue 20.4, issue 12 item 16)."""

from typing import Any

import pytest
from django.test import Client

from shuyuan.audit.models import AuditEntry
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db


def log_in(username: str, password: str, address: str = "192.0.2.1", url: str = "/login/") -> Any:
    return Client(REMOTE_ADDR=address).post(url, {"username": username, "password": password})


@pytest.fixture
def clerk() -> str:
    return make_staff("circulation", make_branch()).username


def test_the_right_password_logs_in(clerk: str) -> None:
    assert log_in(clerk, "pw").status_code == 302


def test_the_right_password_is_refused_after_repeated_failures(clerk: str) -> None:
    for _ in range(5):
        log_in(clerk, "wrong")
    assert log_in(clerk, "pw").status_code == 200


def test_a_locked_account_is_told_so_in_chinese(clerk: str) -> None:
    for _ in range(5):
        log_in(clerk, "wrong")
    assert "登录失败次数过多：该账号或本机已被锁定，请 15 分钟后再试。" in log_in(clerk, "pw").content.decode()


def test_the_account_lock_holds_from_another_address(clerk: str) -> None:
    for _ in range(5):
        log_in(clerk, "wrong")
    assert log_in(clerk, "pw", address="198.51.100.9").status_code == 200


def test_an_address_trying_many_accounts_is_locked(clerk: str) -> None:
    for n in range(20):
        log_in(f"nobody{n}", "wrong")
    assert log_in(clerk, "pw").status_code == 200


def test_a_login_before_the_limit_clears_the_count(clerk: str) -> None:
    for _ in range(4):
        log_in(clerk, "wrong")
    log_in(clerk, "pw")
    for _ in range(4):
        log_in(clerk, "wrong")
    assert log_in(clerk, "pw").status_code == 302


def test_a_failed_login_is_audited_with_account_and_address(clerk: str) -> None:
    log_in(clerk, "wrong")
    entry = AuditEntry.objects.get(action="staff.login_failed")
    assert entry.detail == {"username": clerk, "address": "192.0.2.1", "locked": []}


def test_an_unknown_user_name_is_not_written_to_the_audit_log(clerk: str) -> None:
    log_in("my-secret-password", "wrong")
    assert AuditEntry.objects.get(action="staff.login_failed").detail["username"] == ""


def test_the_admin_login_is_throttled_too(clerk: str) -> None:
    for _ in range(5):
        log_in(clerk, "wrong", url="/admin/login/")
    assert log_in(clerk, "pw").status_code == 200
