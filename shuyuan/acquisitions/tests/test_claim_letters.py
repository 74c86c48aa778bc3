"""The claim letter to a vendor: the claimed lines still waiting for copies, as a PDF read back."""

import subprocess

import pytest
from django.urls import reverse

from shuyuan.acquisitions import services
from shuyuan.roles import Role
from shuyuan.testing.acquisitions import NOW, isbn13, make_order, make_vendor
from shuyuan.testing.branches import make_branch, make_library, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff(Role.ACQUISITIONS, make_branch()))
    return client


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_the_letter_lists_the_vendor_s_claimed_lines_still_waiting(staff_client):
    make_library()
    vendor = make_vendor("北京人天书店")
    order = make_order([isbn13(1), isbn13(2)], quantity=3, vendor=vendor)
    first, second = order.lines.order_by("pk")
    services.receive(first, 1, at=NOW, by=None)
    services.claim(first, at=NOW, by=None)
    text = text_of(staff_client.get(reverse("acquisitions:claim_letter", args=[vendor.pk])).content)
    assert "北京人天书店" in text and "测试图书馆" in text and "图书催缺函" in text
    assert f"L{first.pk}" in text and f"L{second.pk}" not in text


def test_a_claimed_line_whose_copies_have_come_since_is_left_out(staff_client):
    vendor = make_vendor("湖南省新华书店")
    line = make_order([isbn13(1)], quantity=2, vendor=vendor).lines.get()
    services.claim(line, at=NOW, by=None)
    services.receive(line, 2, at=NOW, by=None)
    text = text_of(staff_client.get(reverse("acquisitions:claim_letter", args=[vendor.pk])).content)
    assert f"L{line.pk}" not in text


def test_the_claims_page_names_each_vendor_owing_claimed_copies(staff_client):
    owing, other = make_vendor("长沙弘道"), make_vendor("未催缺书商")
    services.claim(make_order([isbn13(1)], vendor=owing).lines.get(), at=NOW, by=None)
    make_order([isbn13(2)], vendor=other)
    page = staff_client.get(reverse("acquisitions:claims")).content.decode()
    assert "长沙弘道" in page and "未催缺书商" not in page
