"""An item's status changes at every checkout and check-in. On PostgreSQL such an update writes a
new row version; when no index holds a changed column and the page has room, the new version stays
on its page and no index gets a new entry (a heap-only, HOT, update). The index on (record, status)
made every one of them add an entry to all fourteen indexes of the table: it goes (a record's
copies are found by the record's own index), and the table keeps a tenth of each page free.

Rows already on full pages move once, at their next update, to a page with room; ``VACUUM FULL
catalog_item`` at a quiet hour makes room everywhere at once (README, "A city on PostgreSQL")."""

from django.db import migrations

FILLFACTOR = 90


def keep_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE catalog_item SET (fillfactor = {FILLFACTOR})")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalog_item RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0107_index_withdrawn_copies")]
    operations = [
        migrations.RemoveIndex(model_name="item", name="catalog_ite_record__73aa53_idx"),
        migrations.RunPython(keep_room, fill_pages),
    ]
