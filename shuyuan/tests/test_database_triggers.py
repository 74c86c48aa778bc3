"""The triggers Django's migrations do not track (the configuration token's, the audit log's) cannot
vanish silently: a check names any that are missing, and ``migrate`` installs them again."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, migrations, models
from django.db.migrations.loader import MigrationLoader

from shuyuan import triggers
from shuyuan.audit.log import record as audit
from shuyuan.audit.models import AuditEntry
from shuyuan.branches.models import Branch
from shuyuan.checks import expected_triggers, missing_triggers
from shuyuan.circulation.models import SettingsVersion
from shuyuan.testing.branches import NOW, make_branch

# Schema changes need a connection outside a transaction (SQLite's schema editor refuses one).
pytestmark = pytest.mark.django_db(transaction=True)


def drop(trigger: triggers.Trigger) -> None:
    on = f" ON {trigger.table}" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {trigger.name}{on}")


@pytest.fixture
def dropped() -> Iterator[triggers.Trigger]:
    """A watched table's trigger dropped behind Django's back, installed again afterwards."""
    trigger = next(t for t in expected_triggers(connection.vendor) if t.table == "branches_branch")
    drop(trigger)
    yield trigger
    triggers.install(connection, expected_triggers(connection.vendor))


@contextmanager
def rebuilt(app_label: str, model_name: str, field: str) -> Iterator[None]:
    """A migration adds a check constraint to the model's table (SQLite's schema editor rebuilds the
    table for it); it is taken back afterwards."""
    state = MigrationLoader(connection).project_state()
    before = state.clone()
    migration = migrations.Migration("9999_rebuild", app_label)
    constraint = models.CheckConstraint(condition=~models.Q(**{field: ""}), name=f"test_{model_name}_{field}_given")
    migration.operations = [migrations.AddConstraint(model_name, constraint)]
    with connection.schema_editor() as editor:
        migration.apply(state, editor)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            migration.unapply(before, editor)
        triggers.install(connection, expected_triggers(connection.vendor))


def token() -> int | None:
    return SettingsVersion.objects.filter(pk=1).values_list("token", flat=True).first()


def migrate() -> None:
    call_command("migrate", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())


def test_a_migrated_database_has_every_expected_trigger():
    assert (len(expected_triggers(connection.vendor)) > 0, missing_triggers()) == (True, [])


def test_the_system_check_names_a_missing_trigger(dropped):
    messages = [m for m in run_checks(databases=["default"], tags=["database"]) if m.id.startswith("shuyuan.W")]
    assert [(m.id, dropped.name in m.msg) for m in messages] == [("shuyuan.W001", True)]


def test_check_database_fails_naming_a_missing_trigger(dropped):
    with pytest.raises(CommandError, match=dropped.name):
        call_command("check_database", stdout=io.StringIO())


def test_check_database_lists_every_expected_trigger_when_asked():
    out = io.StringIO()
    call_command("check_database", verbosity=2, stdout=out)
    assert all(trigger.name in out.getvalue() for trigger in expected_triggers(connection.vendor))


def test_migrate_installs_a_missing_trigger_again(dropped):
    migrate()
    assert missing_triggers() == []


def test_installing_the_triggers_twice_installs_nothing_the_second_time(dropped):
    expected = expected_triggers(connection.vendor)
    assert (triggers.install(connection, expected), triggers.install(connection, expected)) == ([dropped], [])


def test_a_configuration_trigger_installed_again_replaces_the_token(dropped):
    make_branch()
    before = token()
    triggers.install(connection, expected_triggers(connection.vendor))
    assert token() != before


def test_the_configuration_triggers_survive_a_migration_that_rebuilds_a_watched_table():
    with rebuilt("branches", "branch", "code"):
        migrate()
        branch = make_branch()
        before = token()
        Branch.objects.filter(pk=branch.pk).update(name="画室分馆")
        assert (missing_triggers(), token() != before) == ([], True)


def test_the_audit_log_stays_append_only_after_a_migration_rebuilt_its_table():
    with rebuilt("audit", "auditentry", "action"):
        migrate()
        audit("test.entry", at=NOW, by=None)
        with pytest.raises(DatabaseError, match="append-only"):
            AuditEntry.objects.update(action="test.changed")
