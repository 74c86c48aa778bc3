import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from shuyuan.settings import database_from_url, env_int


def test_sqlite_gets_wal_full_sync_immediate_transactions_and_a_busy_timeout():
    config = database_from_url("sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "shuyuan.sqlite"
    assert config["NAME"] == "/tmp/x.sqlite3"
    options = config["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=FULL" in options["init_command"]


def test_postgres_urls_select_postgresql_with_host_port_and_user():
    config = database_from_url("postgres://lib:pw@db.example:5433/shuyuan")
    assert config["ENGINE"] == "shuyuan.postgresql"
    assert (config["HOST"], config["PORT"], config["USER"], config["NAME"]) == ("db.example", 5433, "lib", "shuyuan")


def test_a_unix_socket_postgres_url_is_understood():
    config = database_from_url("postgres://postgres@%2Ftmp%2Fpg:5432/shuyuan")
    assert config["HOST"] == "/tmp/pg"


@pytest.mark.parametrize("url", ["mysql://x@y/z", "nonsense", "postgres://x@y:notaport/z", "postgres://x@y/"])
def test_a_malformed_or_unsupported_url_is_refused_in_chinese(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_a_setting_that_is_not_a_whole_number_is_refused_in_chinese(monkeypatch):
    monkeypatch.setenv("SHUYUAN_SMS_TIMEOUT", "ten")
    with pytest.raises(ImproperlyConfigured, match="环境变量 SHUYUAN_SMS_TIMEOUT 应为整数"):
        env_int("SHUYUAN_SMS_TIMEOUT", 10)


def test_an_unsupported_database_is_refused_in_chinese():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL 使用了不支持的数据库类型"):
        database_from_url("mysql://x@y/z")


def shuyuan(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shuyuan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "shuyuan.settings", **env},
    )


def test_a_malformed_database_url_ends_a_command_with_one_clear_line():
    result = shuyuan("check_database", DATABASE_URL="mysql://nobody@nowhere/db")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr


def test_a_configuration_error_on_the_command_line_is_explained_in_chinese():
    result = shuyuan("check_database", DATABASE_URL="postgres://x@y/")
    assert result.stderr.strip() == "配置错误：DATABASE_URL 缺少数据库名称"


def test_an_unreachable_database_ends_a_command_with_one_clear_line(tmp_path):
    result = shuyuan("check_database", DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "数据库无法连接" in result.stderr


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = shuyuan(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SHUYUAN_HTTPS="1",
        SHUYUAN_DEBUG="0",
        SHUYUAN_ALLOWED_HOSTS="library.example.cn",
        SHUYUAN_VAR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_keys_are_generated_into_the_var_folder_with_private_permissions(tmp_path):
    from shuyuan.keys import read_or_create

    first = read_or_create("lookup_key", tmp_path)
    assert read_or_create("lookup_key", tmp_path) == first
    assert (tmp_path / "lookup_key").stat().st_mode & 0o077 == 0


def test_processes_starting_at_once_all_get_the_one_key_made(tmp_path):
    import threading

    from shuyuan.keys import read_or_create

    start, keys = threading.Barrier(8), []

    def starting() -> None:
        start.wait()
        keys.append(read_or_create("pii_key", tmp_path))

    threads = [threading.Thread(target=starting) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(keys) == 8 and set(keys) == {(tmp_path / "pii_key").read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["pii_key"]


def test_a_setting_that_should_be_a_number_says_which_one_is_wrong(monkeypatch):
    from shuyuan.settings import env_int

    monkeypatch.setenv("SHUYUAN_SMS_TIMEOUT", "ten")
    with pytest.raises(ImproperlyConfigured, match="SHUYUAN_SMS_TIMEOUT"):
        env_int("SHUYUAN_SMS_TIMEOUT", 10)
