"""The shelf work pages are wired to their services and answer bad input in Chinese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuyuan.catalog.models import Item
from shuyuan.roles import Role
from shuyuan.shelving.models import Inventory, WeedingBatch
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import make_collection, make_item

pytestmark = pytest.mark.django_db
Status = Item.Status


@pytest.fixture
def cataloguer(client):
    branch = make_branch()
    user = make_staff(Role.CATALOGUING, branch)
    user.branch = branch  # the tests' own shortcut to where the cataloguer works
    client.force_login(user)
    return user


def test_scanning_puts_an_item_back_on_the_shelf(client, cataloguer):
    item = make_item(branch=cataloguer.branch, status=Status.IN_PROCESSING)
    client.post("/shelving/scan/", {"action": "shelve", "code": item.barcode})
    item.refresh_from_db()
    assert item.status == Status.ON_SHELF


def test_a_refused_scan_is_listed_with_its_chinese_reason(client, cataloguer):
    item = make_item(branch=cataloguer.branch, status=Status.ON_LOAN)
    page = client.post("/shelving/scan/", {"action": "take_off", "code": item.barcode}).content.decode()
    assert "该单册已借出：请先在外借处归还。" in page


def test_the_scanning_page_keeps_the_earlier_scans(client, cataloguer):
    first, second = make_item(branch=cataloguer.branch), make_item(branch=cataloguer.branch)
    client.post("/shelving/scan/", {"action": "take_off", "code": first.barcode})
    page = client.post("/shelving/scan/", {"action": "take_off", "code": second.barcode}).content.decode()
    assert (first.barcode in page, second.barcode in page) == (True, True)


def test_starting_an_inventory_opens_its_page(client, cataloguer):
    collection = make_collection(branch=cataloguer.branch)
    response = client.post("/shelving/inventories/", {"branch": collection.branch.pk, "collection": collection.pk})
    assert response.url == f"/shelving/inventories/{Inventory.objects.get().pk}/"


def test_a_handheld_file_with_unknown_and_garbled_lines_lists_them_in_chinese(client, cataloguer):
    collection = make_collection(branch=cataloguer.branch)
    item = make_item(collection=collection)
    client.post("/shelving/inventories/", {"branch": collection.branch.pk, "collection": collection.pk})
    inventory = Inventory.objects.get()
    upload = SimpleUploadedFile("reader.txt", f"{item.barcode}\nNOSUCH99\n@@@\n".encode())
    page = client.post(f"/shelving/inventories/{inventory.pk}/file/", {"file": upload}).content.decode()
    assert ("没有单册使用这个条码或 RFID 标签。" in page, "这一行无法识别为条码或 RFID 标签。" in page) == (True, True)


def test_a_handheld_file_in_gbk_is_read(client, cataloguer):
    collection = make_collection(branch=cataloguer.branch)
    item = make_item(collection=collection)
    client.post("/shelving/inventories/", {"branch": collection.branch.pk, "collection": collection.pk})
    inventory = Inventory.objects.get()
    upload = SimpleUploadedFile("reader.txt", f"{item.barcode},二楼\n".encode("gbk"))
    client.post(f"/shelving/inventories/{inventory.pk}/file/", {"file": upload})
    assert inventory.scans.get().item == item


def test_confirming_an_inventory_marks_the_missing(client, cataloguer):
    collection = make_collection(branch=cataloguer.branch)
    item = make_item(collection=collection)
    client.post("/shelving/inventories/", {"branch": collection.branch.pk, "collection": collection.pk})
    client.post(f"/shelving/inventories/{Inventory.objects.get().pk}/confirm/")
    item.refresh_from_db()
    assert item.status == Status.MISSING


def test_the_inventory_report_downloads_as_csv(client, cataloguer):
    collection = make_collection(branch=cataloguer.branch)
    item = make_item(collection=collection)
    client.post("/shelving/inventories/", {"branch": collection.branch.pk, "collection": collection.pk})
    response = client.get(f"/shelving/inventories/{Inventory.objects.get().pk}/report.csv")
    assert item.barcode in b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_scanned_tag_waits_for_its_barcode(client, cataloguer):
    page = client.post("/shelving/rfid/", {"tag": "E280116060000208"}).content.decode()
    assert 'value="E280116060000208" id="id_tag" readonly' in page


def test_a_tag_and_a_barcode_are_linked(client, cataloguer):
    item = make_item(branch=cataloguer.branch)
    client.post("/shelving/rfid/", {"tag": "E280116060000208", "barcode": item.barcode})
    item.refresh_from_db()
    assert item.rfid_tag == "E280116060000208"


def test_a_tag_file_with_a_garbled_line_lists_it_in_chinese(client, cataloguer):
    upload = SimpleUploadedFile("tags.csv", b"not a pair\n")
    page = client.post("/shelving/rfid/file/", {"file": upload}).content.decode()
    assert "这一行无法识别为条码或 RFID 标签。" in page


def test_an_item_on_loan_scanned_into_a_weeding_batch_is_refused_in_chinese(client, cataloguer):
    client.post("/shelving/weeding/", {"name": "第一批", "reason": "worn"})
    batch = WeedingBatch.objects.get()
    item = make_item(branch=cataloguer.branch, status=Status.ON_LOAN)
    page = client.post(f"/shelving/weeding/{batch.pk}/add/", {"codes": item.barcode}).content.decode()
    assert "该单册已借出：请先在外借处归还。" in page


def test_a_cataloguer_cannot_approve_a_weeding_batch(client, cataloguer):
    client.post("/shelving/weeding/", {"name": "第一批", "reason": "worn"})
    batch = WeedingBatch.objects.get()
    assert client.post(f"/shelving/weeding/{batch.pk}/approve/").status_code == 403


def test_the_withdrawal_list_gives_kinds_and_volumes(client, cataloguer):
    client.post("/shelving/weeding/", {"name": "第一批", "reason": "worn"})
    batch = WeedingBatch.objects.get()
    item = make_item(branch=cataloguer.branch, price=15)
    client.post(f"/shelving/weeding/{batch.pk}/add/", {"codes": item.barcode})
    text = b"".join(client.get(f"/shelving/weeding/{batch.pk}/list.csv").streaming_content).decode("utf-8-sig")
    assert (item.barcode in text, "种,1,册,1,总价,15.00" in text) == (True, True)


def test_the_progress_board_shows_an_item_taken_off_today(client, cataloguer):
    item = make_item(branch=cataloguer.branch)
    client.post("/shelving/scan/", {"action": "take_off", "code": item.barcode})
    page = client.get("/shelving/progress/").content.decode()
    assert item.collection.name in page


def test_another_branch_s_inventory_cannot_be_confirmed(client, cataloguer):
    elsewhere = make_collection(branch=make_branch("ZZ", name="外馆"))
    item = make_item(collection=elsewhere)
    inventory = Inventory.objects.create(name="外馆清点", branch=elsewhere.branch, collection=elsewhere,
                                         started_at=item.created_at)  # fmt: skip
    assert client.post(f"/shelving/inventories/{inventory.pk}/confirm/").status_code == 403
    item.refresh_from_db()
    assert item.status == Status.ON_SHELF


def test_an_inventory_cannot_be_started_in_another_branch(client, cataloguer):
    elsewhere = make_collection(branch=make_branch("ZZ", name="外馆"))
    client.post("/shelving/inventories/", {"branch": elsewhere.branch.pk, "collection": elsewhere.pk})
    assert not Inventory.objects.exists()


def test_another_branch_s_item_is_refused_in_a_weeding_batch(client, cataloguer):
    client.post("/shelving/weeding/", {"name": "第一批", "reason": "worn"})
    batch = WeedingBatch.objects.get()
    item = make_item(collection=make_collection(branch=make_branch("ZZ", name="外馆")))
    page = client.post(f"/shelving/weeding/{batch.pk}/add/", {"codes": item.barcode}).content.decode()
    assert "该册属于您不在其工作的分馆。" in page and not batch.entries.exists()
