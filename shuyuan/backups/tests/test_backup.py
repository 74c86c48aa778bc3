"""Backups: taken online, sealed with the library's key, verified and restored on both engines."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from shuyuan import backups
from shuyuan.backups.sealing import SealError
from shuyuan.catalog.models import Item, Record
from shuyuan.circulation.models import CirculationEvent, Loan
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import lend, make_desk, make_rule
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_the_rows_it_was_taken_with(tmp_path):
    kept = make_record(title="围城")
    backup = tmp_path / "library.backup"
    backups.take(backup)
    make_record(title="after the backup")
    kept.delete()

    backups.restore(backup)

    connection.close()
    assert list(Record.objects.values_list("title", flat=True)) == ["围城"]


def test_a_backup_reveals_no_title_without_the_key(tmp_path):
    make_record(title="WEICHENG-IN-CLEAR")
    backup = tmp_path / "library.backup"
    backups.take(backup)
    assert b"WEICHENG-IN-CLEAR" not in backup.read_bytes()
    assert backup.stat().st_mode & 0o077 == 0


def test_verify_reports_what_the_backup_holds(tmp_path):
    make_item()
    backup = tmp_path / "library.backup"
    backups.take(backup)
    info = backups.verify(backup)
    assert info.engine == connection.vendor
    if connection.vendor == "sqlite":
        assert info.counts["catalog_item"] == 1
    assert backups.last_backup() is not None and backups.last_backup().path == str(backup.resolve())


@pytest.mark.parametrize("damage", ["flip", "truncate", "drop-last-chunk"])
def test_a_damaged_backup_is_refused_and_nothing_is_restored(tmp_path, damage):
    make_record(title="still here")
    backup = tmp_path / "library.backup"
    backups.take(backup)
    data = bytearray(backup.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        del data[-100:]
    else:
        # A backup cut exactly at a chunk boundary must not pass as complete.
        backup.write_bytes(bytes(data))
        data = bytearray(_without_last_chunk(bytes(data)))
    backup.write_bytes(bytes(data))

    with pytest.raises(ValueError):
        backups.restore(backup)
    assert Record.objects.filter(title="still here").exists()


def _without_last_chunk(data: bytes) -> bytes:
    import struct

    from shuyuan.backups.sealing import MAGIC

    position = data.index(b"\n", len(MAGIC)) + 1
    starts = []
    while position < len(data):
        starts.append(position)
        (length,) = struct.unpack(">I", data[position : position + 4])
        position += 4 + 12 + length
    if len(starts) < 2:
        return data[: starts[0]]
    return data[: starts[-1]]


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0 not a backup")
    with pytest.raises(SealError):
        backups.verify(other)


def test_a_backup_taken_while_the_desk_lends_keeps_every_loan_with_its_event(tmp_path):
    make_rule(max_loans=100, max_loans_of_type=100)
    patron = make_patron()
    desk = make_desk()
    items = [make_item(branch=desk.branch) for _ in range(40)]
    done, failures = threading.Event(), []

    def lend_all() -> None:
        try:
            for n, item in enumerate(items):
                lend(item, patron, service_point=desk, at=NOW + timedelta(minutes=n))
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()
            done.set()

    lender = threading.Thread(target=lend_all)
    lender.start()
    backup = tmp_path / "busy.backup"
    backups.take(backup)
    done.wait(60)
    lender.join()
    assert failures == [] and Loan.objects.count() == 40

    backups.restore(backup)
    connection.close()
    loans = set(Loan.objects.values_list("item_id", flat=True))
    checkouts = set(
        CirculationEvent.objects.filter(kind=CirculationEvent.Kind.CHECKOUT).values_list("item_id", flat=True)
    )
    on_loan = set(Item.objects.filter(status=Item.Status.ON_LOAN).values_list("pk", flat=True))
    assert loans == checkouts == on_loan
