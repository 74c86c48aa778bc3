"""Orders built on a page: from readers' accepted suggestions and from a catalogue search."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shuyuan.acquisitions import services
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import Order, OrderLine, PurchaseSuggestion
from shuyuan.roles import Role
from shuyuan.testing.acquisitions import NOW, isbn13, make_fund, make_vendor
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import make_collection, make_item, make_item_type, make_record
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff(Role.ACQUISITIONS, make_branch()))
    return client


@pytest.fixture
def place():
    return {
        "vendor": make_vendor(discount="0.80").pk,
        "fund": make_fund().pk,
        "collection": make_collection().pk,
        "item_type": make_item_type().pk,
        "note": "",
    }


def accepted(title: str, isbn: str = "", readers: int = 1) -> list[PurchaseSuggestion]:
    return [
        services.accept_suggestion(
            services.suggest(make_patron(), isbn=isbn, title=title, at=NOW, by=None), at=NOW, by=None
        )
        for _ in range(readers)
    ]


def test_the_accepted_suggestions_ticked_become_an_order_with_their_price_and_copies(staff_client, place):
    first = accepted("乡土中国", isbn13(1))[0]
    accepted("不在订单里的书")
    data = {**place, "title": [first.pk], f"price_{first.pk}": "38.00", f"copies_{first.pk}": "2"}
    staff_client.post(reverse("acquisitions:order_from_suggestions"), data)
    line = OrderLine.objects.get()
    assert (line.title, line.quantity) == ("乡土中国", 2)
    assert (line.price, line.unit_cost) == (Decimal("38.00"), Decimal("30.40"))
    assert line.order.source == Order.Source.SUGGESTIONS


def test_readers_asking_for_one_title_share_one_line_and_are_all_marked_ordered(staff_client, place):
    asked = accepted("额尔古纳河右岸", isbn13(2), readers=3)
    data = {**place, "title": [asked[0].pk], f"price_{asked[0].pk}": "32.00", f"copies_{asked[0].pk}": "1"}
    staff_client.post(reverse("acquisitions:order_from_suggestions"), data)
    line = OrderLine.objects.get()
    assert set(PurchaseSuggestion.objects.values_list("status", "line")) == {("ordered", line.pk)}


def test_a_price_that_is_not_a_sum_of_yuan_and_fen_is_refused_in_chinese_and_orders_nothing(staff_client, place):
    first = accepted("乡土中国", isbn13(1))[0]
    data = {**place, "title": [first.pk], f"price_{first.pk}": "38.005", f"copies_{first.pk}": "1"}
    page = staff_client.post(reverse("acquisitions:order_from_suggestions"), data, follow=True).content.decode()
    assert "金额" in page and not Order.objects.exists()


def test_ticking_no_suggestion_places_no_order(staff_client, place):
    accepted("乡土中国", isbn13(1))
    staff_client.post(reverse("acquisitions:order_from_suggestions"), place)
    assert not Order.objects.exists()


def test_a_suggestion_already_ordered_cannot_be_ordered_a_second_time(place):
    suggestion = accepted("乡土中国", isbn13(1))[0]
    collection, item_type = make_collection(), make_item_type()
    for attempt in range(2):
        specs = services.lines_from_suggestions([suggestion], collection=collection, item_type=item_type)
        vendor, fund = make_vendor(), make_fund()
        if attempt == 0:
            services.place_order(vendor, fund, specs, source="suggestions", at=NOW, by=None)
            continue
        with pytest.raises(AcquisitionsRefused) as refused:
            services.place_order(vendor, fund, specs, source="suggestions", at=NOW, by=None)
        assert refused.value.reason == Reason.NOT_ACCEPTED
    assert Order.objects.count() == 1


def test_a_catalogue_search_lists_the_titles_with_the_copies_held(staff_client):
    record = make_record("湘江评论", index=True, isbn=isbn13(5), price="CNY25.00")
    make_item(record=record)
    page = staff_client.get(reverse("acquisitions:order_from_search"), {"q": "湘江评论"}).content.decode()
    assert "湘江评论" in page and 'value="25.00"' in page


def test_the_records_ticked_after_a_search_become_an_order_of_more_copies(staff_client, place):
    record = make_record("湘江评论", isbn=isbn13(5), price="CNY25.00")
    make_item(record=record)
    data = {**place, "record": [record.pk], f"price_{record.pk}": "", f"copies_{record.pk}": "3"}
    response = staff_client.post(reverse("acquisitions:order_from_search"), data, follow=True)
    line = OrderLine.objects.get()
    assert (line.record_id, line.quantity, line.price, line.order.source) == (record.pk, 3, Decimal("25.00"), "search")
    assert "馆藏已有（1 册）" in response.content.decode()


def test_copies_that_are_not_a_whole_number_refuse_the_order_from_a_search(staff_client, place):
    record = make_record("湘江评论", isbn=isbn13(5))
    data = {**place, "record": [record.pk], f"copies_{record.pk}": "两本"}
    page = staff_client.post(reverse("acquisitions:order_from_search"), data, follow=True).content.decode()
    assert "册数" in page and not Order.objects.exists()
