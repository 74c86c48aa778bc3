"""Audit entries may be rewritten only while a redaction permit row exists, which the redaction
service inserts and deletes inside its own transaction (no other transaction ever sees it)."""

from django.db import migrations, models

SQLITE = [
    "DROP TRIGGER audit_no_update",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditentry
       WHEN NOT EXISTS (SELECT 1 FROM audit_redactionpermit)
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
SQLITE_BACK = [
    "DROP TRIGGER audit_no_update",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN
         IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM audit_redactionpermit) THEN RETURN NEW; END IF;
         RAISE EXCEPTION 'audit log is append-only';
       END $$""",
]
POSTGRES_BACK = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$""",
]


def allow_redaction(apps, schema_editor):
    for sql in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def forbid_redaction(apps, schema_editor):
    for sql in POSTGRES_BACK if schema_editor.connection.vendor == "postgresql" else SQLITE_BACK:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_login_failures")]

    operations = [
        migrations.CreateModel(
            name="RedactionPermit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("granted_at", models.DateTimeField()),
                ("reason", models.CharField(max_length=200)),
            ],
        ),
        migrations.RunPython(allow_redaction, forbid_redaction),
    ]
