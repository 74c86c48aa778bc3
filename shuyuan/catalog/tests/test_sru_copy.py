"""Copy cataloguing: search another library's SRU server (a real one on 127.0.0.1), see its records
beside ours, import the chosen one through the catalogue's import service."""

import io
import re

import pytest
from django.urls import reverse

from shuyuan.catalog.marc import read_marc
from shuyuan.catalog.models import ImportBatch, Item, Record
from shuyuan.catalog.search import SearchQuery, search
from shuyuan.catalog.sru.server import SruApp, entries_from_file, serving
from shuyuan.catalog.tests.marc_samples import MARCXML
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import empty_index, make_collection, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def sru_url():
    with serving(SruApp(entries_from_file(str(MARCXML)))) as url:
        yield url


@pytest.fixture(autouse=True)
def _configured(settings, sru_url, db):
    settings.SHUYUAN = {
        **settings.SHUYUAN,
        "SRU_SERVERS": [{"code": "bnu", "name": "北师大图书馆", "url": sru_url, "record_schema": "unimarcxml"}],
    }
    empty_index()
    make_collection(make_branch(code="LL01", kind="central"), code="LL01-ADULT")


@pytest.fixture
def cataloguer(client):
    client.force_login(make_staff("cataloguing", all_branches=True))
    return client


def page(client, **params) -> str:
    return client.get(reverse("catalog:copy_cataloguing"), params).content.decode()


def import_first(client, **params):
    token = re.search(r'name="token" value="([^"]+)"', page(client, **params)).group(1)
    return client.post(reverse("catalog:copy_import"), {"token": token})


def test_the_servers_record_is_shown(cataloguer):
    assert "&#x27;94中国发展报告" in page(cataloguer, server="bnu", isbn="7503717440")


def test_our_record_of_the_same_isbn_is_shown_beside_it(cataloguer):
    make_record("九四年中国发展报告", isbn="978-7-5037-1744-4", index=True)
    assert "九四年中国发展报告" in page(cataloguer, server="bnu", isbn="7503717440")


def test_a_record_we_lack_is_marked_as_not_in_our_catalogue(cataloguer):
    assert 'class="not-ours"' in page(cataloguer, server="bnu", isbn="7503717440")


def test_importing_creates_our_record(cataloguer):
    import_first(cataloguer, server="bnu", isbn="7503717440")
    assert list(Record.objects.values_list("title", "isbn")) == [("'94中国发展报告", "7503717440")]


def test_importing_goes_through_an_import_batch_named_after_the_source(cataloguer):
    import_first(cataloguer, server="bnu", isbn="7503717440")
    assert ImportBatch.objects.get().file_name == "SRU 北师大图书馆 990002180740203961"


def test_the_other_librarys_copies_do_not_become_our_items(cataloguer):
    import_first(cataloguer, server="bnu", isbn="7503717440")
    assert Item.objects.count() == 0


def test_the_stored_marc_keeps_no_holdings_fields_of_the_other_library(cataloguer):
    import_first(cataloguer, server="bnu", isbn="7503717440")
    stored = next(read_marc(io.BytesIO(bytes(Record.objects.get().marc)))).record
    assert [f.tag for f in stored.fields if f.tag.startswith("9") or not f.tag.isdigit()] == []


def test_an_imported_record_is_found_by_search_at_once(cataloguer):
    import_first(cataloguer, server="bnu", isbn="7503717440")
    assert search(SearchQuery("zhongguofazhanbaogao")).total == 1


def test_importing_the_same_record_again_updates_it(cataloguer):
    import_first(cataloguer, server="bnu", isbn="7503717440")
    import_first(cataloguer, server="bnu", isbn="7503717440")
    assert Record.objects.count() == 1


def test_after_the_import_the_record_opens_in_the_editor(cataloguer):
    response = import_first(cataloguer, server="bnu", isbn="7503717440")
    assert response.url == reverse("catalog:record_edit", kwargs={"pk": Record.objects.get().pk})


def test_a_forged_token_imports_nothing(cataloguer):
    cataloguer.post(reverse("catalog:copy_import"), {"token": "forged"})
    assert Record.objects.count() == 0


def test_an_unreachable_server_is_reported_on_the_page(cataloguer, settings):
    with serving(SruApp([])) as url:
        pass
    settings.SHUYUAN = {**settings.SHUYUAN, "SRU_SERVERS": [{"code": "x", "name": "停用的服务器", "url": url}]}
    assert "停用的服务器" in page(cataloguer, server="x", title="红楼梦")


def test_circulation_staff_cannot_copy_records(client):
    client.force_login(make_staff("circulation", all_branches=True))
    assert client.get(reverse("catalog:copy_cataloguing")).status_code == 403
