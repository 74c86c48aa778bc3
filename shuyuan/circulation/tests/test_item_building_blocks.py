"""The catalogue's building blocks circulation writes items through: ``set_status`` and ``relocate``."""

from datetime import timedelta

import pytest

from shuyuan.audit.models import AuditEntry
from shuyuan.catalog.items import relocate, set_status
from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.devices.models import Device
from shuyuan.testing.catalog import make_collection
from shuyuan.testing.devices import make_device


def test_a_status_change_is_recorded_with_its_reason_and_who_made_it(book, now):
    kiosk, _password = make_device(Device.Kind.SIP2_KIOSK, branch=book.home_branch)
    set_status(book, Item.Status.ON_LOAN, at=now, by=kiosk, reason="checkout")
    change = ItemStatusChange.objects.get(item=book)
    assert (change.old_status, change.new_status, change.at, change.by_label, change.reason) == (
        Item.Status.ON_SHELF,
        Item.Status.ON_LOAN,
        now,
        f"device:{kiosk.pk}",
        "checkout",
    )


def test_setting_the_status_an_item_has_records_no_change(book, now):
    set_status(book, Item.Status.ON_SHELF, at=now, by=None, reason="checkin")
    assert not ItemStatusChange.objects.filter(item=book).exists()


def test_a_status_change_is_written_to_the_item_and_to_the_instance(book, now):
    set_status(book, Item.Status.MISSING, at=now, by=None)
    stored = Item.objects.get(pk=book.pk)
    assert (stored.status, stored.status_changed_at, book.status) == (Item.Status.MISSING, now, Item.Status.MISSING)


def test_a_status_change_can_say_where_the_item_is_now(book, other_branch, now):
    set_status(book, Item.Status.IN_TRANSIT, at=now, by=None, current_branch=other_branch)
    assert Item.objects.get(pk=book.pk).current_branch == other_branch


def test_a_status_change_leaves_where_the_item_is_unless_told(book, branch, now):
    set_status(book, Item.Status.IN_TRANSIT, at=now, by=None)
    assert Item.objects.get(pk=book.pk).current_branch == branch


def test_relocating_an_item_gives_it_a_new_home_branch_and_collection(book, other_branch, now):
    shelves = make_collection(other_branch)
    relocate(book, home_branch=other_branch, collection=shelves, at=now, by=None)
    stored = Item.objects.get(pk=book.pk)
    assert (stored.home_branch, stored.collection) == (other_branch, shelves)


def test_relocating_without_a_collection_keeps_the_items_collection(book, other_branch, now):
    before = book.collection
    relocate(book, home_branch=other_branch, at=now, by=None)
    assert Item.objects.get(pk=book.pk).collection == before


def test_relocating_leaves_the_status_and_where_the_item_is_as_they_are(book, branch, other_branch, now):
    relocate(book, home_branch=other_branch, at=now, by=None)
    stored = Item.objects.get(pk=book.pk)
    assert (stored.status, stored.current_branch, ItemStatusChange.objects.count()) == (
        Item.Status.ON_SHELF,
        branch,
        0,
    )


def test_relocating_records_why_in_the_audit_log(book, branch, other_branch, now):
    relocate(book, home_branch=other_branch, at=now + timedelta(hours=1), by=None, reason="batch TB20160301-001")
    entry = AuditEntry.objects.get(action="catalog.item_relocated")
    assert (entry.object_id, entry.detail["from_branch"], entry.detail["to_branch"], entry.detail["reason"]) == (
        str(book.pk),
        branch.pk,
        other_branch.pk,
        "batch TB20160301-001",
    )


def test_relocating_into_a_collection_of_another_branch_is_refused(book, branch, other_branch, now):
    with pytest.raises(ValueError):
        relocate(book, home_branch=other_branch, collection=make_collection(branch), at=now, by=None)


@pytest.mark.django_db
def test_no_index_holds_the_status_a_checkout_changes():
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Item._meta.db_table)
    indexed = {column for details in constraints.values() if details["index"] for column in details["columns"]}
    assert not indexed & {"status", "status_changed_at"}


def test_on_postgresql_a_status_change_leaves_the_indexes_alone(book, now):
    """A HOT update on PostgreSQL (migration catalog 0108); on SQLite an update only touches the
    indexes that hold a changed column, and none does (the test above)."""
    from django.db import connection

    def updates() -> tuple[int, int]:
        if connection.vendor != "postgresql":
            return (Item.objects.filter(pk=book.pk, status=Item.Status.ON_LOAN).count(), 0)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
                [Item._meta.db_table],
            )
            return cursor.fetchone()

    before = updates()
    set_status(book, Item.Status.ON_LOAN, at=now, by=None, reason="checkout")
    after = updates()
    expected = (1, 1) if connection.vendor == "postgresql" else (1, 0)
    assert (after[0] - before[0], after[1] - before[1]) == expected
