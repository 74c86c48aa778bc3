"""Withdrawn copies now count in no branch or collection facet, and a record whose every copy is
withdrawn is marked hidden in the search index: the records with a withdrawn copy are indexed again."""

from django.db import migrations


def reindex(apps, schema_editor):
    from shuyuan.catalog.search import index_records

    Item = apps.get_model("catalog", "Item")
    ids = Item.objects.filter(status="withdrawn").values_list("record_id", flat=True).distinct()
    index_records(sorted(set(ids)))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0106_call_number_sort_again")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True)]
