"""The periodical suppliers' pages: list, add, edit, and their contacts."""

import pytest
from django.urls import reverse

from shuyuan.audit.models import AuditEntry
from shuyuan.roles import Role
from shuyuan.serials.models import Supplier, SupplierContact
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.serials import make_subscription, make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff(Role.ACQUISITIONS, make_branch()))
    return client


def test_the_list_shows_each_supplier_with_its_subscriptions(staff_client):
    make_subscription(supplier=make_supplier("醴陵市邮政局"))
    page = staff_client.get(reverse("serials:suppliers")).content.decode()
    assert "醴陵市邮政局" in page and 'lang="zh-hans"' in page


def test_a_supplier_is_added_from_the_list_page(staff_client):
    data = {"name": "长沙报刊发行公司", "kind": "agency", "address": "长沙市芙蓉区", "contact": "王红", "phone": "1"}
    staff_client.post(reverse("serials:suppliers"), data)
    assert Supplier.objects.get().kind == Supplier.Kind.AGENCY


def test_a_supplier_name_already_used_is_refused_in_chinese(staff_client):
    make_supplier("醴陵市邮政局")
    page = staff_client.post(reverse("serials:suppliers"), {"name": "醴陵市邮政局", "kind": "post_office"})
    assert "同名的供应商已经存在" in page.content.decode() and Supplier.objects.count() == 1


def test_a_supplier_is_edited_and_the_audit_keeps_the_old_value(staff_client):
    supplier = make_supplier("醴陵市邮政局", phone="0731-23000000")
    data = {"name": "醴陵市邮政局", "kind": "post_office", "address": "", "contact": "", "phone": "0731-23111111"}
    staff_client.post(reverse("serials:supplier", args=[supplier.pk]), data)
    supplier.refresh_from_db()
    assert supplier.phone == "0731-23111111"
    entry = AuditEntry.objects.get(action="serials.supplier_changed")
    assert entry.detail["changed"]["phone"] == ["0731-23000000", "0731-23111111"]


def test_a_contact_is_added_and_removed(staff_client):
    supplier = make_supplier()
    staff_client.post(reverse("serials:add_contact", args=[supplier.pk]), {"name": "李敏", "role": "报刊发行员"})
    contact = SupplierContact.objects.get()
    assert (contact.supplier, contact.role) == (supplier, "报刊发行员")
    staff_client.post(reverse("serials:remove_contact", args=[supplier.pk, contact.pk]))
    assert not SupplierContact.objects.exists()


def test_a_contact_with_a_wrong_email_is_refused(staff_client):
    supplier = make_supplier()
    staff_client.post(reverse("serials:add_contact", args=[supplier.pk]), {"name": "李敏", "email": "不是邮箱"})
    assert not SupplierContact.objects.exists()


def test_the_reading_room_cannot_add_a_supplier(client):
    client.force_login(make_staff(Role.READING_ROOM, make_branch()))
    assert client.post(reverse("serials:suppliers"), {"name": "某邮局", "kind": "post_office"}).status_code == 403
