"""Joins the catalogue's tables (0001) and the search index (0100) into one line of migrations.

The standard item types themselves are created after every migrate by
``shuyuan.catalog.defaults.ensure_item_types`` (so they also survive a test database flush).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial"), ("catalog", "0100_search_index")]

    operations: list = []
