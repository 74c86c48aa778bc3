"""Catalogue pages are written for cataloguers: no settings keys, each help paragraph once."""

import pytest

from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def cataloguer(client, settings):
    settings.SHUYUAN = {**settings.SHUYUAN, "SRU_SERVERS": []}
    client.force_login(make_staff(Role.CATALOGUING, make_branch(), all_branches=True))
    return client


def test_copy_cataloguing_without_a_server_explains_it_without_a_settings_key(cataloguer):
    page = cataloguer.get("/catalog/search/copy/").content.decode()
    assert ("SRU_SERVERS" in page, "请联系系统管理员" in page) == (False, True)


def test_the_import_page_prints_its_help_paragraph_once(cataloguer):
    assert cataloguer.get("/catalog/imports/").content.decode().count("格式和编码自动识别") == 1


def test_the_export_page_prints_its_help_paragraph_once(cataloguer):
    assert cataloguer.get("/catalog/export/").content.decode().count("导出全部书目、部分书目或检索结果") == 1
