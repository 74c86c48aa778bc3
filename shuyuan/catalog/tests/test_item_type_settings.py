"""The item type's self-check settings: the migration that took the media type from the type's name."""

from importlib import import_module

import pytest
from django.apps import apps

from shuyuan.catalog.models import ItemType
from shuyuan.testing.catalog import make_item_type

pytestmark = pytest.mark.django_db
migration = import_module("shuyuan.catalog.migrations.0102_item_type_kiosk_fields")


def test_the_migration_gives_audio_visual_types_the_disc_media_type():
    make_item_type("DVD", name="馆藏视听光盘")
    migration.media_type_from_name(apps, None)
    assert ItemType.objects.get(code="DVD").media_type == ItemType.MediaType.CD


def test_the_migration_gives_periodical_types_the_bound_journal_media_type():
    make_item_type("JOURNAL", name="过刊期刊")
    migration.media_type_from_name(apps, None)
    assert ItemType.objects.get(code="JOURNAL").media_type == ItemType.MediaType.BOUND_JOURNAL


def test_the_migration_leaves_other_types_books():
    make_item_type("LOCAL2", name="地方文献")
    migration.media_type_from_name(apps, None)
    assert ItemType.objects.get(code="LOCAL2").media_type == ItemType.MediaType.BOOK


def test_the_standard_audio_visual_type_is_made_with_the_disc_media_type():
    assert ItemType.objects.get(code="AV").media_type == ItemType.MediaType.CD
