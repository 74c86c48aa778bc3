"""Staff pages call the services: registration, blocks, lost cards, renewal, PINs, deposits."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from shuyuan.audit.models import AuditEntry
from shuyuan.branches.models import Branch
from shuyuan.patrons.models import DepositRefund, Patron, PatronBlock, PatronCard
from shuyuan.testing.branches import make_branch, make_service_point, make_staff
from shuyuan.testing.patrons import make_category, make_patron, resident_id

pytestmark = pytest.mark.django_db


def client_for(role: str = "circulation") -> Client:
    """A clerk of the branch the readers of these tests belong to (the first one)."""
    branch = Branch.objects.first() or make_branch()
    make_service_point(branch)
    client = Client()
    client.force_login(make_staff(role, branch))
    return client


def staff_client_in(branch_point: tuple) -> Client:
    client = Client()
    client.force_login(make_staff("circulation", branch_point[0]))
    return client


def test_the_desk_form_registers_a_reader_and_opens_the_record() -> None:
    make_category()
    branch = make_branch()
    point = make_service_point(branch)
    client = staff_client_in((branch, point))
    form = {
        "id_type": "resident_id",
        "id_number": resident_id(date(1991, 9, 9)),
        "name": "孙悟",
        "home_branch": branch.pk,
        "service_point": point.pk,
    }
    response = client.post("/patrons/register/", form)
    patron = Patron.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/patrons/{patron.pk}/")


def test_the_desk_form_shows_why_an_id_number_is_wrong() -> None:
    make_category()
    branch = make_branch()
    point = make_service_point(branch)
    client = staff_client_in((branch, point))
    form = {
        "id_type": "resident_id",
        "id_number": "43028119600230123X",
        "name": "孙悟",
        "home_branch": branch.pk,
        "service_point": point.pk,
    }
    assert "号码中的出生日期（第7–14位）不是有效日期" in client.post("/patrons/register/", form).content.decode()


def test_the_desk_form_opens_the_existing_record_for_a_known_document() -> None:
    existing = make_patron()
    branch = existing.home_branch
    point = make_service_point(branch)
    client = staff_client_in((branch, point))
    from shuyuan.keys import decrypt

    form = {
        "id_type": "resident_id",
        "id_number": decrypt(existing.id_number_encrypted),
        "name": "孙悟",
        "home_branch": branch.pk,
        "service_point": point.pk,
    }
    assert client.post("/patrons/register/", form)["Location"] == f"/patrons/{existing.pk}/"


def test_the_id_check_says_what_the_number_implies() -> None:
    make_category()
    answer = client_for().post("/patrons/id-check/", {"number": resident_id(date(1990, 1, 1), sequence=11)}).json()
    assert (answer["sex"], answer["region"]) == ("男", "湖南省株洲市醴陵市")


def test_blocking_from_the_page_blocks_the_reader() -> None:
    patron = make_patron()
    client_for().post(f"/patrons/{patron.pk}/block/", {"kind": "manual", "reason": "多次违规"})
    assert PatronBlock.objects.get().reason == "多次违规"


def test_lifting_from_the_page_lifts_the_block() -> None:
    patron = make_patron()
    client = client_for()
    client.post(f"/patrons/{patron.pk}/block/", {"kind": "manual", "reason": "多次违规"})
    client.post(f"/patrons/blocks/{PatronBlock.objects.get().pk}/lift/")
    assert PatronBlock.objects.get().lifted_at is not None


def test_reporting_a_card_lost_from_the_page_issues_a_new_one() -> None:
    patron = make_patron()
    card = PatronCard.objects.get(value=patron.card_number)
    client_for().post(f"/patrons/cards/{card.pk}/lost/", {"replace": "1"})
    patron.refresh_from_db()
    assert (PatronCard.objects.get(pk=card.pk).status, patron.card_number != card.value) == ("lost", True)


def test_renewing_from_the_page_extends_the_card() -> None:
    patron = make_patron()
    before = patron.expires_on
    client_for().post(f"/patrons/{patron.pk}/renew/")
    patron.refresh_from_db()
    assert patron.expires_on is not None and before is not None and patron.expires_on > before


def test_setting_a_pin_from_the_page_stores_it() -> None:
    patron = make_patron()
    client_for().post(f"/patrons/{patron.pk}/pin/", {"pin": "250913", "pin_again": "250913"})
    patron.refresh_from_db()
    assert patron.pin_hash


def test_a_trivial_pin_from_the_page_is_refused() -> None:
    patron = make_patron()
    response = client_for().post(f"/patrons/{patron.pk}/pin/", {"pin": "000000", "pin_again": "000000"}, follow=True)
    assert "密码过于简单" in response.content.decode()


def test_the_deposit_page_registers_a_refund() -> None:
    patron = make_patron(legacy_deposit=Decimal("100"))
    client_for().post(f"/patrons/{patron.pk}/refund/", {"amount": "100", "receipt_number": "R1"})
    assert DepositRefund.objects.get().receipt_number == "R1"


def test_the_deposit_page_lists_deposits_held() -> None:
    patron = make_patron(legacy_deposit=Decimal("80"))
    assert patron.card_number in client_for().get("/patrons/deposits/").content.decode()


def test_the_registrations_page_counts_new_cards_by_month() -> None:
    make_patron()
    page = client_for().get("/patrons/registrations/", {"first": "2016-01-01", "last": "2016-12-31"})
    assert "2016-03" in page.content.decode()


def test_the_online_form_records_a_pending_application() -> None:
    make_category()
    make_branch()
    form = {
        "id_type": "resident_id",
        "id_number": resident_id(date(1992, 2, 2)),
        "name": "周一",
        "phone": "13911112222",
        "pin": "250913",
        "pin_again": "250913",
        "agrees": "on",
    }
    Client().post("/patrons/join/", form)
    assert Patron.objects.get().status == Patron.Status.PENDING


def test_the_online_form_answers_the_same_for_a_known_number() -> None:
    existing = make_patron()
    from shuyuan.keys import decrypt

    form = {
        "id_type": "resident_id",
        "id_number": decrypt(existing.id_number_encrypted),
        "name": "周一",
        "phone": "13911112222",
        "pin": "250913",
        "pin_again": "250913",
        "agrees": "on",
    }
    page = Client().post("/patrons/join/", form).content.decode()
    assert ("申请已登记" in page, existing.card_number in page, Patron.objects.count()) == (True, False, 1)


def test_confirming_an_online_application_issues_the_card() -> None:
    applicant = make_patron("周一", channel=Patron.Channel.WEB)
    client_for().post(f"/patrons/{applicant.pk}/confirm/")
    applicant.refresh_from_db()
    assert applicant.status == Patron.Status.ACTIVE


def test_page_actions_are_audited_with_the_staff_member() -> None:
    patron = make_patron()
    client_for().post(f"/patrons/{patron.pk}/renew/")
    assert AuditEntry.objects.get(action="patron.renew").actor is not None


def test_staff_change_a_readers_notice_channel_on_the_readers_page_and_it_is_audited() -> None:
    client = client_for()
    patron = make_patron()
    client.post(f"/patrons/{patron.pk}/notices/", {"channel": "email", "email": "lisi@163.com"})
    patron.refresh_from_db()
    entry = AuditEntry.objects.get(action="patron.notice_channel")
    assert (patron.notice_channel, patron.email_masked != "", entry.detail["channel"]) == ("email", True, "email")


def test_staff_choosing_email_for_a_reader_without_an_address_are_told_in_chinese() -> None:
    client = client_for()
    patron = make_patron()
    page = client.post(f"/patrons/{patron.pk}/notices/", {"channel": "email"}, follow=True).content.decode()
    patron.refresh_from_db()
    assert (patron.notice_channel != "email", "需要填写电子邮件地址" in page) == (True, True)


def test_the_readers_page_offers_the_notice_channel_to_staff_who_may_change_the_reader() -> None:
    client = client_for()
    patron = make_patron()
    page = client.get(f"/patrons/{patron.pk}/").content.decode()
    assert f'action="/patrons/{patron.pk}/notices/"' in page
