"""The shelf-order key now reads full-width, lower-case and spaced call numbers as their plain form
and puts the CLC's auxiliary marks in the order of its tables: every stored key is computed again."""

from django.db import migrations


def recompute(apps, schema_editor):
    from shuyuan.catalog.callnumbers import sort_key

    Item = apps.get_model("catalog", "Item")
    changed = []
    for pk, call_number, stored in (
        Item.objects.order_by("pk").values_list("pk", "call_number", "call_number_sort").iterator(chunk_size=5000)
    ):
        key = sort_key(call_number)
        if key != stored:
            changed.append(Item(pk=pk, call_number_sort=key))
        if len(changed) >= 2000:
            Item.objects.bulk_update(changed, ["call_number_sort"])
            changed = []
    Item.objects.bulk_update(changed, ["call_number_sort"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0105_records_in_nfc")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
