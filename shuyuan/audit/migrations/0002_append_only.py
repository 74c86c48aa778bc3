"""The audit log is append-only in the database too: triggers refuse updates (and, on PostgreSQL,
row deletes; SQLite keeps DELETE possible because Django's test flush empties tables with it)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
POSTGRES = [
    """CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$""",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
]


def create_triggers(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER audit_no_change ON audit_auditentry")
        schema_editor.execute("DROP FUNCTION audit_append_only()")
    else:
        schema_editor.execute("DROP TRIGGER audit_no_update")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
