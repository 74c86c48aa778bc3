"""The staff search page: wiring of the query, the fields, the facets and the paging."""

import pytest
from django.urls import reverse

from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import empty_index, make_collection, make_item, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(db):
    empty_index()


@pytest.fixture
def staff(client):
    client.force_login(make_staff("circulation", all_branches=True))
    return client


def page(client, **params) -> str:
    return client.get(reverse("catalog:search"), params).content.decode()


def test_the_page_lists_the_matching_records(staff):
    make_record("红楼梦", responsibility="曹雪芹著", index=True)
    assert "曹雪芹著" in page(staff, q="hlm")


def test_the_page_leaves_out_records_that_do_not_match(staff):
    make_record("西游记", index=True)
    assert "西游记" not in page(staff, q="红楼梦")


def test_the_field_chosen_is_searched(staff):
    make_record("某书", publisher="岳麓书社", index=True)
    assert "岳麓书社" not in page(staff, q="岳麓", field="title")


def test_the_page_shows_how_many_copies_are_on_the_shelf(staff):
    record = make_record("红楼梦", index=True)
    make_item(record, call_number="I242.4/1", index=True)
    assert "I242.4/1" in page(staff, q="红楼梦")


def test_facet_values_link_to_the_filtered_search(staff):
    record = make_record("红楼梦", index=True)
    make_item(record, collection=make_collection(make_branch("LL02", name="画室分馆")), index=True)
    assert "?q=%E7%BA%A2%E6%A5%BC%E6%A2%A6&amp;branch=LL02" in page(staff, q="红楼梦")


def test_a_facet_filter_in_the_address_narrows_the_result(staff):
    make_record("红楼梦", year=1982, index=True)
    make_record("红楼梦研究", year=2016, index=True)
    assert "红楼梦研究" not in page(staff, q="红楼梦", year="1982")


def test_a_second_page_follows_the_first(staff):
    for n in range(25):
        make_record(f"红楼梦第{n:02d}回", index=True)
    second = page(staff, q="红楼梦", page="2")
    assert ("红楼梦第24回" in second, "红楼梦第00回" in second) == (True, False)


def test_an_empty_search_shows_only_the_form(staff):
    make_record("红楼梦", index=True)
    assert "红楼梦" not in page(staff)


def test_readers_without_the_permission_are_refused(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("nobody", password="pw", is_staff=True))
    assert client.get(reverse("catalog:search")).status_code == 403
