"""The acquisitions staff pages, in Chinese, for the acquisitions role."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shuyuan.acquisitions import services
from shuyuan.acquisitions.models import Donation
from shuyuan.catalog.models import Item
from shuyuan.roles import Role
from shuyuan.testing.acquisitions import NOW, barcode_list, isbn13, make_order, vendor_marc
from shuyuan.testing.branches import make_branch, make_library, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff(Role.ACQUISITIONS, make_branch()))
    return client


@pytest.mark.parametrize(
    "name", ["home", "vendors", "funds", "new_order", "scan", "suggestions", "report", "donations", "pool"]
)
def test_each_acquisitions_page_opens_in_chinese(staff_client, name):
    response = staff_client.get(reverse(f"acquisitions:{name}"))
    assert response.status_code == 200 and 'lang="zh-hans"' in response.content.decode()


def test_a_statistics_clerk_cannot_place_orders(client):
    client.force_login(make_staff(Role.STATISTICS, make_branch()))
    assert client.get(reverse("acquisitions:new_order")).status_code == 403


def test_the_scan_page_receives_one_copy_even_when_the_form_is_sent_twice(staff_client):
    make_order([isbn13(1)], quantity=3)
    for _ in range(2):
        staff_client.post(reverse("acquisitions:scan"), {"code": isbn13(1), "request_key": "k1"})
    assert Item.objects.count() == 1


def test_the_scan_page_says_in_chinese_that_an_isbn_is_not_on_order(staff_client):
    response = staff_client.post(reverse("acquisitions:scan"), {"code": isbn13(9), "request_key": "k2"}, follow=True)
    assert "不在任何未完成的订单中" in response.content.decode()


def test_a_shipment_is_received_from_the_order_page(staff_client):
    isbns = [isbn13(1), isbn13(2)]
    order = make_order(isbns, quantity=2)
    files = {
        "marc": SimpleUploadedFile("dd.iso", vendor_marc(isbns)),
        "barcodes": SimpleUploadedFile("dd.txt", barcode_list(isbns, 2).encode()),
    }
    response = staff_client.post(reverse("acquisitions:receive_batch", args=[order.pk]), files, follow=True)
    assert "已验收 2 种、4 册" in response.content.decode() and Item.objects.count() == 4


def test_the_certificate_page_is_a_pdf(staff_client):
    make_library()
    donation = services.record_donation(
        "李女士",
        donor_kind=Donation.DonorKind.PERSON,
        received_on=date(2016, 5, 4),
        kinds=3,
        volumes=5,
        destination=Donation.Destination.CATALOGUED,
        at=NOW,
        by=None,
    )
    response = staff_client.get(reverse("acquisitions:certificate", args=[donation.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
