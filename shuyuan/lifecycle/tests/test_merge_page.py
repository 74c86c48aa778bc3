"""The merge page beside the reader's page calls the lifecycle's merge."""

import pytest
from django.test import Client

from shuyuan.patrons.models import PatronCategory
from shuyuan.testing.branches import make_branch, make_service_point, make_staff
from shuyuan.testing.patrons import make_category, make_patron

pytestmark = pytest.mark.django_db


def client_for(role: str = "circulation") -> Client:
    branch = make_branch()
    make_service_point(branch)
    client = Client()
    client.force_login(make_staff(role, branch))
    return client


def test_merging_from_the_page_needs_the_permission() -> None:
    patron = make_patron()
    assert client_for().get(f"/patrons/{patron.pk}/merge/").status_code == 403


def test_merging_from_the_page_merges() -> None:
    keep = make_patron()
    group = make_category(PatronCategory.Kind.GROUP)
    other = make_patron(
        "张三", id_number=None, category=group, contact_name="张三", card_number="OLD-9", is_legacy_card=True
    )
    client_for("director").post(f"/patrons/{keep.pk}/merge/", {"other": "OLD-9", "confirm": "1"})
    other.refresh_from_db()
    assert other.merged_into == keep
