"""Refuse a PostgreSQL database that Chinese search cannot work in.

pg_trgm takes the characters of a word from the database's LC_CTYPE: under the C (or POSIX)
locale no Chinese character counts as one, so the trigram index holds nothing for Chinese text and
every search of three or more characters finds nothing, silently. Shuyuan therefore checks the
database once per process, when the first connection opens, and refuses to go on with a message
that says what to do; ``shuyuan check --database default`` reports the same as a system check.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

_checked: set[tuple[str, str, str]] = set()


def locale_problem(encoding: str, ctype: str, collate: str) -> str:
    """Why a database with this encoding and locale cannot hold the search index, or ''."""
    if encoding.upper().replace("-", "") != "UTF8":
        return f"数据库编码为 {encoding}，中文检索需要 UTF8 编码。"
    for name, value in (("LC_CTYPE", ctype), ("LC_COLLATE", collate)):
        if value.upper() in ("C", "POSIX"):
            return f"数据库的 {name} 为 {value}，pg_trgm 在此区域设置下不为中文生成三元组，中文检索将一无所获。"
        charset = value.rpartition(".")[2].replace("-", "").lower() if "." in value else "utf8"
        if charset != "utf8":
            return f"数据库的 {name} 为 {value}，中文检索需要 UTF-8 区域设置。"
    return ""


def database_locale(connection: Any) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_encoding_to_char(encoding), datctype, datcollate FROM pg_database "
            "WHERE datname = current_database()"
        )
        encoding, ctype, collate = cursor.fetchone()
    return encoding, ctype, collate


def problem_of(connection: Any) -> str:
    if connection.vendor != "postgresql":
        return ""
    problem = locale_problem(*database_locale(connection))
    if problem:
        name = connection.settings_dict.get("NAME", "")
        problem += (
            f"（数据库 {name}；请用 UTF-8 区域设置新建，例如 createdb -E UTF8 --locale=C.UTF-8 -T template0 {name}）"
        )
    return problem


@receiver(connection_created, dispatch_uid="shuyuan_search_locale")
def refuse_unsuitable_database(sender: Any, connection: Any, **kwargs: Any) -> None:
    # Django's own maintenance connections (creating the test database) reach no search index.
    if connection.vendor != "postgresql" or connection.alias == "__no_db__":
        return
    settings = connection.settings_dict
    key = (str(settings.get("HOST")), str(settings.get("PORT")), str(settings.get("NAME")))
    if key in _checked:
        return
    problem = problem_of(connection)
    if problem:
        connection.close()  # so that the next use connects, and is refused, again
        raise ImproperlyConfigured(problem)
    _checked.add(key)


@checks.register(checks.Tags.database)
def check_search_database(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for alias in databases or []:
        problem = problem_of(connections[alias])
        if problem:
            errors.append(checks.Error(problem, id="shuyuan.search.E001"))
    return errors
