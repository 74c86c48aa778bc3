"""check_database tells a new install what it still needs before it can lend."""

import io

import pytest
from django.core.management import call_command

from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import make_collection

pytestmark = pytest.mark.django_db


def check() -> str:
    out = io.StringIO()
    call_command("check_database", stdout=out)
    return out.getvalue()


def test_a_new_install_is_told_it_needs_a_library_a_branch_and_a_collection():
    needed = [line.split("。")[0] for line in check().splitlines() if line.startswith("尚需建立")]
    assert needed == ["尚需建立：图书馆", "尚需建立：分馆", "尚需建立：馆藏"]


def test_each_need_says_where_to_meet_it():
    assert "/admin/branches/library/add/" in check()


def test_an_install_with_a_library_a_branch_and_a_collection_needs_nothing_more():
    make_collection(make_branch())
    assert "尚需" not in check()
