"""The migration that rewrites records stored with decomposed accents in NFC, columns and MARC alike."""

import importlib

import pytest
from django.apps import apps
from pymarc import Field, Indicators, Subfield
from pymarc import Record as MarcRecord

from shuyuan.catalog.marc import MarcFormat, record_to_iso2709
from shuyuan.catalog.models import Record
from shuyuan.catalog.records import stored_marc
from shuyuan.testing.catalog import make_record

pytestmark = pytest.mark.django_db
migration = importlib.import_module("shuyuan.catalog.migrations.0105_records_in_nfc")

DECOMPOSED = "Tokucho\u0304 no kenkyu\u0304"
COMPOSED = "Tokuch\u014d no kenky\u016b"


def test_a_title_with_combining_marks_is_composed():
    record = make_record(title=DECOMPOSED)
    migration.compose_records(apps, None)
    assert Record.objects.get(pk=record.pk).title == COMPOSED


def test_the_kept_marc_is_composed_too():
    marc = MarcRecord(leader="00000nam0 2200000   450 ")
    marc.add_field(Field(tag="200", indicators=Indicators("1", " "), subfields=[Subfield("a", DECOMPOSED)]))
    record = make_record(title=DECOMPOSED, marc=record_to_iso2709(marc, marc_format=MarcFormat.CNMARC))
    migration.compose_records(apps, None)
    assert stored_marc(Record.objects.get(pk=record.pk))["200"]["a"] == COMPOSED


def test_chinese_records_are_left_as_they_are():
    record = make_record(title="平凡的世界")
    before = Record.objects.filter(pk=record.pk).values_list("updated_at", "title").get()
    migration.compose_records(apps, None)
    assert Record.objects.filter(pk=record.pk).values_list("updated_at", "title").get() == before


def test_a_record_whose_kept_bytes_are_no_marc_keeps_them_and_gets_its_columns_composed():
    record = make_record(title=DECOMPOSED, marc="not marc \u0304".encode())
    migration.compose_records(apps, None)
    assert Record.objects.get(pk=record.pk).title == COMPOSED
