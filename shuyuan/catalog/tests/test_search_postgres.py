"""PostgreSQL's locale trap: pg_trgm makes no trigrams of Chinese under the C locale, so Shuyuan
refuses such a database (the checks on the other engines are no-ops)."""

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

from shuyuan.catalog.search.checks import locale_problem, problem_of

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def test_a_utf8_database_with_a_utf8_locale_is_accepted():
    assert locale_problem("UTF8", "C.UTF-8", "C.UTF-8") == ""


def test_a_chinese_utf8_locale_is_accepted():
    assert locale_problem("UTF8", "zh_CN.utf8", "zh_CN.UTF-8") == ""


def test_the_c_ctype_is_refused():
    assert "LC_CTYPE" in locale_problem("UTF8", "C", "C.UTF-8")


def test_the_posix_collation_is_refused():
    assert "LC_COLLATE" in locale_problem("UTF8", "C.UTF-8", "POSIX")


def test_a_gbk_locale_is_refused():
    assert locale_problem("UTF8", "zh_CN.GBK", "zh_CN.GBK") != ""


def test_a_database_not_in_utf8_is_refused():
    assert "UTF8" in locale_problem("SQL_ASCII", "C.UTF-8", "C.UTF-8")


@pytest.mark.django_db
def test_the_test_database_passes_the_check():
    assert problem_of(connection) == ""


@on_postgres
@pytest.mark.django_db
def test_pg_trgm_makes_trigrams_of_chinese_in_our_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('红楼梦')")
        assert len(cursor.fetchone()[0]) > 0


@pytest.fixture
def c_locale_database():
    settings = connection.settings_dict
    params = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"], "dbname": "postgres"}
    name = f"{settings['NAME']}_c_locale"
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        try:
            yield {**settings, "NAME": name}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@on_postgres
def test_pg_trgm_makes_no_trigrams_of_chinese_under_the_c_locale(c_locale_database):
    settings = c_locale_database
    params = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"], "dbname": settings["NAME"]}
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as other:
        other.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        assert other.execute("SELECT show_trgm('红楼梦')").fetchone()[0] == []


@on_postgres
@pytest.mark.django_db
def test_connecting_to_a_c_locale_database_is_refused(c_locale_database):
    other = type(connections["default"])(c_locale_database, alias="c_locale")
    try:
        with pytest.raises(ImproperlyConfigured, match="LC_CTYPE"):
            other.ensure_connection()
    finally:
        other.close()
