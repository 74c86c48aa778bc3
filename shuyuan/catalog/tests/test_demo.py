"""The demo collection: deterministic, spread over the collections and both branches, idempotent."""

from __future__ import annotations

import pytest
from django.db.models import Count

from shuyuan.branches import demo as branches_demo
from shuyuan.catalog import demo
from shuyuan.catalog.models import Item, OldBarcode, Record
from shuyuan.catalog.queries import item_by_barcode
from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.demo import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    context = DemoContext(small=True, say=lambda line: None)
    branches_demo.load(context)
    demo.load(context)
    return context


def test_the_small_demo_has_records_across_the_clc_classes(ctx):
    classes = {clc[0] for clc in Record.objects.values_list("clc", flat=True)}
    assert Record.objects.count() == 310
    assert {"I", "S", "K", "T"} <= classes


def test_the_demo_holds_local_history_of_liling_and_childrens_books(ctx):
    assert Record.objects.filter(title__startswith="醴陵").exists()
    assert Item.objects.filter(item_type__code="CHILD", collection__code="LL01-SE").exists()


def test_the_davinci_branch_gets_selected_and_donated_books(ctx):
    davinci = Item.objects.filter(home_branch__code="LL02", collection__code="LL02-HS")
    assert davinci.count() == 40
    assert davinci.filter(note="捐赠").count() == 10


def test_old_barcodes_of_the_demo_still_find_their_items(ctx):
    old = OldBarcode.objects.select_related("item").first()
    assert item_by_barcode(old.barcode) == old.item


def test_the_demo_catalogue_is_found_by_search(ctx):
    record = Record.objects.filter(title__startswith="醴陵").order_by("pk").first()
    assert record.pk in search(SearchQuery(record.title, field=Field.TITLE)).record_ids


def test_the_old_barcodes_of_the_demo_are_found_by_search(ctx):
    old = OldBarcode.objects.select_related("item").order_by("pk").first()
    assert search(SearchQuery(old.barcode, field=Field.OLD_BARCODE)).record_ids == [old.item.record_id]


def test_loading_the_demo_again_changes_nothing(ctx):
    before = (Record.objects.count(), Item.objects.count())
    demo.load(ctx)
    assert (Record.objects.count(), Item.objects.count()) == before


def test_the_demo_is_the_same_every_time(ctx):
    first = list(Record.objects.order_by("pk").values_list("title", "isbn")[:50])
    Item.objects.all().delete()
    OldBarcode.objects.all().delete()
    Record.objects.all().delete()
    from shuyuan.catalog.models import BarcodeSequence, ImportBatch

    ImportBatch.objects.all().delete()
    BarcodeSequence.objects.all().delete()
    demo.load(ctx)
    assert list(Record.objects.order_by("pk").values_list("title", "isbn")[:50]) == first


def test_the_demo_catalogue_has_no_title_twice(ctx):
    repeated = Record.objects.values("title").annotate(n=Count("id")).filter(n__gt=1)
    assert list(repeated.values_list("title", "n")) == []
