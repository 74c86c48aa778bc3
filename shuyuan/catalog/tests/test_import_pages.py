"""The staff pages: upload, background run with progress, report in Chinese, table mapping, export."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shuyuan.catalog.models import ImportBatch, Record
from shuyuan.catalog.tests.marc_samples import UTF8, raw_records
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import make_collection


@pytest.fixture
def cataloguer(client):
    make_collection(make_branch(code="ZG", kind="central"), code="ZG-WJ")
    user = make_staff("cataloguing")
    client.force_login(user)
    return user


def wait_for(batch_id: int) -> ImportBatch:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        if batch.is_finished:
            return batch
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_marc_file_is_imported_in_the_background(client, cataloguer):
    upload = SimpleUploadedFile("bnu.iso", UTF8.read_bytes())
    response = client.post(reverse("catalog:upload_marc"), {"file": upload, "status": "on_shelf"})
    batch = wait_for(ImportBatch.objects.get().pk)
    assert response.url == reverse("catalog:import_detail", args=[batch.pk])
    assert (batch.status, batch.records_read, Record.objects.count()) == ("done", 10, 9)


@pytest.mark.django_db(transaction=True)
def test_the_import_page_lists_bad_records_in_chinese(client, cataloguer):
    records = raw_records(UTF8)
    upload = SimpleUploadedFile("bad.iso", records[0] + records[1][:300] + records[2])
    client.post(reverse("catalog:upload_marc"), {"file": upload, "status": "on_shelf"})
    batch = wait_for(ImportBatch.objects.get().pk)
    page = client.get(reverse("catalog:import_detail", args=[batch.pk])).content.decode()
    assert "记录被截断" in page
    assert f"<td>{len(records[0])}</td>" in page


@pytest.mark.django_db
def test_a_running_import_page_refreshes_itself_and_shows_records_per_second(client, cataloguer):
    from shuyuan.catalog.importing import ImportOptions, queue_import
    from shuyuan.testing.branches import NOW

    batch = queue_import(
        ImportBatch.Kind.MARC, str(UTF8), file_name="x.iso", options=ImportOptions(), dry_run=False, at=NOW, by=None
    )
    page = client.get(reverse("catalog:import_detail", args=[batch.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "条/秒" in page


@pytest.mark.django_db
def test_an_uploaded_table_leads_to_the_column_mapping_with_guesses(client, cataloguer):
    table = "题名,条码\n醴陵县志,B1\n".encode()
    response = client.post(
        reverse("catalog:upload_table"), {"file": SimpleUploadedFile("old.csv", table), "status": "on_shelf"}
    )
    page = client.get(response.url).content.decode()
    assert '<option value="题名" selected>' in page


@pytest.mark.django_db
def test_the_import_pages_need_the_cataloguing_permission(client):
    client.force_login(make_staff("circulation"))
    assert client.get(reverse("catalog:imports")).status_code == 403


@pytest.mark.django_db
def test_the_export_page_streams_a_marc_file(client, cataloguer):
    from shuyuan.testing.catalog import make_record

    make_record(title="醴陵瓷业志")
    response = client.get(
        reverse("catalog:export"),
        {"download": "1", "marc_format": "cnmarc", "syntax": "marcxml", "encoding": "utf-8", "holdings": "items"},
    )
    body = b"".join(response.streaming_content).decode()
    assert "醴陵瓷业志" in body and body.endswith("</collection>\n")
