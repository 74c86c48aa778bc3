"""The configuration token (circulation/configuration.py) and the triggers that change it."""

from django.db import migrations, models

WATCHED = (
    "circulation_circulationpolicy",
    "circulation_loanrule",
    "branches_publicholiday",
    "branches_closure",
    "branches_branch",
)
# A new random token, inserted if the row is missing (a test database's flush deletes it).
BUMP = {
    "sqlite": "INSERT INTO circulation_settingsversion (id, token) VALUES (1, random() / 2) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
    "postgresql": "INSERT INTO circulation_settingsversion (id, token) "
    "VALUES (1, floor(random() * 9007199254740991)::bigint) ON CONFLICT (id) DO UPDATE SET token = excluded.token",
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    execute = schema_editor.execute
    execute(BUMP[vendor])
    if vendor == "sqlite":
        for table in WATCHED:
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_changes_settings AFTER {event} ON {table} "
                    f"BEGIN {BUMP[vendor]}; END"
                )
    else:
        execute(
            "CREATE FUNCTION circulation_settings_changed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP[vendor]}; RETURN NULL; END $$"
        )
        for table in WATCHED:
            execute(
                f"CREATE TRIGGER {table}_changes_settings AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION circulation_settings_changed()"
            )


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in WATCHED:
        if vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_changes_settings")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_changes_settings ON {table}")
    if vendor != "sqlite":
        schema_editor.execute("DROP FUNCTION IF EXISTS circulation_settings_changed()")


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0001_initial'),
        ('catalog', '0101_search_tables'),
        ('circulation', '0003_notice_delivery'),
        ('patrons', '0003_kiosk_blocks'),
    ]

    operations = [
        migrations.CreateModel(
            name='SettingsVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.BigIntegerField(verbose_name='token')),
            ],
            options={
                'verbose_name': 'circulation settings version',
                'verbose_name_plural': 'circulation settings versions',
            },
        ),
        migrations.RemoveIndex(
            model_name='loan',
            name='named_loans_by_close',
        ),
        migrations.AddIndex(
            model_name='loan',
            index=models.Index(condition=models.Q(('closed_at__isnull', False), ('patron__isnull', False)), fields=['closed_at'], name='named_returned_loans_by_close'),
        ),
        migrations.RunPython(install, uninstall),
    ]
