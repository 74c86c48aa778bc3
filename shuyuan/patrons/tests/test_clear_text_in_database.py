"""After the demo data is loaded, the database file and its WAL hold no ID or phone number in clear."""

import pytest
from django.db import connection

from shuyuan.audit.models import AuditEntry
from shuyuan.branches import demo as branches_demo
from shuyuan.demo import DemoContext
from shuyuan.devices import demo as devices_demo
from shuyuan.keys import decrypt
from shuyuan.patrons import demo
from shuyuan.patrons.models import Patron
from shuyuan.patrons.privacy import database_files, scan, scan_database, stored_numbers


def load_demo() -> None:
    ctx = DemoContext(small=True, say=lambda _line: None)
    branches_demo.load(ctx)
    devices_demo.load(ctx)
    demo.load(ctx)


@pytest.mark.django_db(transaction=True)
def test_the_database_and_its_wal_hold_no_clear_id_or_phone_after_the_demo() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the file check is for SQLite; PostgreSQL stores the same ciphertext")
    load_demo()
    result = scan_database()
    assert (
        result.numbers_checked > 500,
        [p.name[-4:] for p in result.files if p.name.endswith("-wal")],
        result.found,
    ) == (True, ["-wal"], [])


@pytest.mark.django_db(transaction=True)
def test_the_check_finds_a_number_written_in_clear() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the file check is for SQLite")
    load_demo()
    phone = decrypt(Patron.objects.exclude(phone_encrypted="").first().phone_encrypted)  # type: ignore[union-attr]
    AuditEntry.objects.create(at=demo.local(2016, 7, 7), action="leak", actor_label="test", detail={"p": phone})
    assert scan(database_files(), stored_numbers()).found


@pytest.mark.django_db(transaction=True)
def test_the_check_finds_a_valid_id_number_it_was_not_told_about() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the file check is for SQLite")
    load_demo()
    AuditEntry.objects.create(
        at=demo.local(2016, 7, 7), action="leak", actor_label="test", detail={"id": "430281196001011235"}
    )
    assert scan(database_files(), []).found
