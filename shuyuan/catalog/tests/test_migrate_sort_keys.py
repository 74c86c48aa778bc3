"""The migration that computes every item's shelf-order key again."""

import importlib

import pytest
from django.apps import apps

from shuyuan.catalog.callnumbers import sort_key
from shuyuan.catalog.models import Item
from shuyuan.testing.catalog import make_item

pytestmark = pytest.mark.django_db
migration = importlib.import_module("shuyuan.catalog.migrations.0106_call_number_sort_again")


def test_a_key_stored_by_the_old_rules_is_computed_again():
    item = make_item(call_number="ｔｐ311／5")
    Item.objects.filter(pk=item.pk).update(call_number_sort="stale")
    migration.recompute(apps, None)
    assert Item.objects.get(pk=item.pk).call_number_sort == sort_key("TP311/5")
