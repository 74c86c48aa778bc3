"""A record whose last copy is withdrawn stays in the catalogue and leaves the public catalogue."""

import pytest

from shuyuan.catalog.models import Item, Record
from shuyuan.roles import Role
from shuyuan.shelving.models import WeedingBatch
from shuyuan.shelving.services import add_to_weeding, approve_weeding, start_weeding, submit_weeding
from shuyuan.testing.branches import NOW, make_branch, make_staff
from shuyuan.testing.catalog import make_item, make_record

pytestmark = pytest.mark.django_db


def withdraw(*items):
    branch = make_branch()
    maker, approver = make_staff(Role.CATALOGUING, branch), make_staff(Role.DIRECTOR, branch)
    batch = start_weeding("第一批", WeedingBatch.Reason.OUTDATED, at=NOW, by=maker)
    add_to_weeding(batch, [item.barcode for item in items], at=NOW, by=maker)
    approve_weeding(submit_weeding(batch, at=NOW, by=maker), at=NOW, by=approver)


def test_the_record_of_a_withdrawn_last_copy_is_kept():
    item = make_item(make_record("旧时代的书", index=True))
    withdraw(item)
    assert Record.objects.filter(pk=item.record_id).exists()


def test_the_public_page_of_a_record_whose_copies_are_all_withdrawn_is_not_found(client):
    item = make_item(make_record("旧时代的书", index=True))
    withdraw(item)
    assert client.get(f"/record/{item.record_id}/").status_code == 404


def test_a_record_whose_copies_are_all_withdrawn_is_not_among_the_public_results(client):
    make_item(make_record("旧时代的书甲", index=True))
    gone = make_item(make_record("旧时代的书乙", index=True))
    withdraw(gone)
    page = client.get("/search/", {"q": "旧时代的书"}).content.decode()
    assert ("旧时代的书甲" in page, "旧时代的书乙" in page) == (True, False)


def test_a_record_with_a_copy_left_stays_public(client):
    record = make_record("旧时代的书", index=True)
    gone, _left = make_item(record), make_item(record)
    withdraw(gone)
    assert client.get(f"/record/{record.pk}/").status_code == 200


def test_a_withdrawn_copy_leaves_the_public_holdings(client):
    record = make_record("旧时代的书", index=True)
    gone, left = make_item(record), make_item(record)
    withdraw(gone)
    page = client.get(f"/record/{record.pk}/").content.decode()
    assert (left.call_number in page, gone.call_number in page, Item.objects.get(pk=gone.pk).status) == (
        True, False, Item.Status.WITHDRAWN,
    )  # fmt: skip


def test_oai_pmh_harvesters_see_a_record_whose_copies_are_all_withdrawn_as_deleted(client):
    item = make_item(make_record("旧时代的书", index=True))
    withdraw(item)
    page = client.get("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}).content.decode()
    assert f'<header status="deleted"><identifier>oai:shuyuan:{item.record_id}</identifier>' in page


def test_getrecord_of_such_a_record_has_no_metadata(client):
    item = make_item(make_record("旧时代的书", index=True))
    withdraw(item)
    params = {"verb": "GetRecord", "identifier": f"oai:shuyuan:{item.record_id}", "metadataPrefix": "oai_dc"}
    page = client.get("/oai", params).content.decode()
    assert ('status="deleted"' in page, "<metadata>" in page) == (True, False)


def test_the_approval_gives_such_a_record_a_new_datestamp_for_incremental_harvests():
    item = make_item(make_record("旧时代的书", index=True))
    Record.objects.filter(pk=item.record_id).update(updated_at=NOW.replace(year=2015))
    withdraw(item)
    assert Record.objects.get(pk=item.record_id).updated_at == NOW
