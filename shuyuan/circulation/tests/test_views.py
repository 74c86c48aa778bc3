from datetime import timedelta

import pytest
from django.utils import timezone

from shuyuan.audit.models import AuditEntry
from shuyuan.circulation.models import LoanRule, OverdueListing
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.circulation import lend, make_rule


@pytest.fixture
def desk_staff(client, branch):
    user = make_staff(Role.CIRCULATION, branch)
    client.force_login(user)
    return user


@pytest.fixture
def today_reader(desk):
    """The overdue list reads the real clock; this reader's card is valid today."""
    from shuyuan.testing.patrons import make_patron

    return make_patron(
        "孙八", branch=desk.branch, service_point=desk, phone="13812345678", at=timezone.now() - timedelta(days=60)
    )


@pytest.fixture
def director(client, branch):
    user = make_staff(Role.DIRECTOR, branch, all_branches=True)
    client.force_login(user)
    return user


def test_the_rule_matrix_says_whose_rules_apply(desk_staff, client, reader):
    page = client.get("/circulation/rules/").content.decode()
    assert "按“读者类型 × 资料类型 × C分馆（借出地）”的规则办理" in page


def test_the_rule_matrix_shows_the_terms_that_apply_to_each_cell(desk_staff, client, reader, book):
    make_rule(patron_category=reader.category, item_type=book.item_type, loan_days=21)
    assert "21天" in client.get("/circulation/rules/").content.decode()


def test_desk_staff_may_not_edit_rules(desk_staff, client):
    assert client.get("/circulation/rules/new/").status_code == 403


def test_the_director_adds_a_rule_and_it_is_audited(director, client, reader):
    response = client.post(
        "/circulation/rules/new/",
        {
            "patron_category": reader.category.pk,
            "loan_days": 45,
            "max_loans": 8,
            "max_loans_of_type": 8,
            "max_renewals": 2,
            "renewal_days": 30,
            "max_holds": 5,
            "hold_pickup_days": 7,
        },
    )
    assert response.status_code == 302
    assert (
        LoanRule.objects.get().loan_days,
        AuditEntry.objects.filter(action="circulation.add_loan_rule").count(),
    ) == (45, 1)


def test_a_rule_allowing_more_of_a_type_than_in_total_is_refused(director, client):
    response = client.post(
        "/circulation/rules/new/",
        {
            "loan_days": 30,
            "max_loans": 5,
            "max_loans_of_type": 8,
            "max_renewals": 1,
            "renewal_days": 30,
            "max_holds": 5,
            "hold_pickup_days": 7,
        },
    )
    assert (response.status_code, LoanRule.objects.count()) == (200, 0)


def test_the_overdue_list_shows_overdue_loans(desk_staff, client, book, today_reader, desk):
    lend(book, today_reader, at=timezone.now() - timedelta(days=40), service_point=desk)
    page = client.get("/circulation/overdue/").content.decode()
    assert book.barcode in page and today_reader.card_number in page


def test_the_overdue_list_leaves_loans_not_yet_due_out(desk_staff, client, book, today_reader, desk):
    lend(book, today_reader, at=timezone.now(), service_point=desk)
    assert book.barcode not in client.get("/circulation/overdue/").content.decode()


def test_the_overdue_list_has_a_printable_form(desk_staff, client, book, today_reader, desk):
    lend(book, today_reader, at=timezone.now() - timedelta(days=40), service_point=desk)
    page = client.get("/circulation/overdue/?print=1").content.decode()
    assert "data-print-on-load" in page and book.barcode in page


def test_the_overdue_list_shows_masked_phone_numbers_only(desk_staff, client, book, today_reader, desk):
    lend(book, today_reader, at=timezone.now() - timedelta(days=40), service_point=desk)
    page = client.get("/circulation/overdue/").content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_the_director_lifts_a_reader_off_the_overdue_list(director, client, reader, now):
    listing = OverdueListing.objects.create(patron=reader, long_overdues=3, listed_at=now)
    client.post(f"/circulation/overdue-readers/{listing.pk}/lift/", {"note": "已归还并说明情况"})
    listing.refresh_from_db()
    assert listing.lifted_at is not None


def test_a_batch_manifest_lists_its_items(desk_staff, client, branch, desk, other_branch, now):
    from shuyuan.circulation import services
    from shuyuan.testing.catalog import make_item

    items = [make_item(branch=branch) for _ in range(2)]
    batch = services.transfer_batch(items, other_branch, purpose="轮换", at=now, by=None, service_point=desk)
    page = client.get(f"/circulation/batches/{batch.pk}/manifest/").content.decode()
    assert all(item.barcode in page for item in items) and batch.number in page


def test_the_manifest_of_a_permanent_batch_says_the_items_now_belong_to_the_new_branch(
    desk_staff, client, branch, desk, other_branch, now
):
    from shuyuan.circulation import services
    from shuyuan.testing.catalog import make_item

    batch = services.transfer_batch(
        [make_item(branch=branch)], other_branch, purpose="新分馆", at=now, by=None, service_point=desk, permanent=True
    )
    page = client.get(f"/circulation/batches/{batch.pk}/manifest/").content.decode()
    assert f"永久调拨：以下单册今后属于 {other_branch.name}" in page
