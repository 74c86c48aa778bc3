"""A clerk of one branch looks up and sees every reader (通借通还) but changes only their own
branch's readers; lists, exports, the admin's reader rows and the home figures keep to their branches
(issue 20, findings 3 and 7)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from shuyuan.circulation.models import Notice
from shuyuan.home import figures_for
from shuyuan.patrons.models import Patron, PatronBlock
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import lend, make_desk
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
AGO = timezone.now() - timedelta(days=90)


@pytest.fixture
def central():
    return make_desk(make_branch(name="总馆"))


@pytest.fixture
def davinci():
    return make_desk(make_branch(name="画室分馆"))


@pytest.fixture
def theirs(central):
    """A reader of the central library."""
    return make_patron("李总馆", branch=central.branch, service_point=central, legacy_deposit=Decimal("50"), at=AGO)


@pytest.fixture
def ours(davinci):
    """A reader of the clerk's own branch."""
    return make_patron("王画室", branch=davinci.branch, service_point=davinci, legacy_deposit=Decimal("50"), at=AGO)


def login(role: str, *branches, all_branches: bool = False) -> Client:
    client = Client()
    client.force_login(make_staff(role, *branches, all_branches=all_branches))
    return client


@pytest.fixture
def clerk(davinci):
    """A circulation clerk of the davinci branch only, like the demo's ``davinci``."""
    return login(Role.CIRCULATION, davinci.branch)


def refused(response) -> bool:
    return response.status_code == 403 and "另一分馆" in response.content.decode()


def test_a_branch_clerk_setting_the_pin_of_another_branchs_reader_is_refused(clerk, theirs):
    response = clerk.post(f"/patrons/{theirs.pk}/pin/", {"pin": "250913", "pin_again": "250913"})
    theirs.refresh_from_db()
    assert (refused(response), theirs.pin_hash) == (True, "")


def test_a_branch_clerk_sets_the_pin_of_their_own_branchs_reader(clerk, ours):
    clerk.post(f"/patrons/{ours.pk}/pin/", {"pin": "250913", "pin_again": "250913"})
    ours.refresh_from_db()
    assert ours.pin_hash != ""


def test_a_branch_clerk_blocking_another_branchs_reader_is_refused(clerk, theirs):
    response = clerk.post(f"/patrons/{theirs.pk}/block/", {"kind": "manual", "reason": "多次违规"})
    assert (refused(response), PatronBlock.objects.filter(patron=theirs).exists()) == (True, False)


def test_a_branch_clerk_editing_another_branchs_reader_is_refused(clerk, theirs, davinci):
    form = {"name": "改名", "category": theirs.category.pk, "home_branch": davinci.branch.pk}
    response = clerk.post(f"/patrons/{theirs.pk}/edit/", form)
    theirs.refresh_from_db()
    assert (refused(response), theirs.name, theirs.home_branch) == (True, "李总馆", theirs.home_branch)


def test_a_branch_clerk_renewing_another_branchs_card_is_refused(clerk, theirs):
    assert refused(clerk.post(f"/patrons/{theirs.pk}/renew/"))


def test_a_branch_clerk_opens_the_page_of_another_branchs_reader_without_the_buttons_to_change_them(clerk, theirs):
    page = clerk.get(f"/patrons/{theirs.pk}/")
    body = page.content.decode()
    assert (page.status_code, "李总馆" in body, f"/patrons/{theirs.pk}/pin/" in body) == (200, True, False)


def test_a_branch_clerk_finds_another_branchs_reader_by_card(clerk, theirs):
    response = clerk.post("/patrons/", {"q": theirs.card_number})
    assert response["Location"] == f"/patrons/{theirs.pk}/"


def test_a_director_of_one_branch_may_change_readers_of_every_branch(davinci, theirs):
    director = login(Role.DIRECTOR, davinci.branch)
    director.post(f"/patrons/{theirs.pk}/pin/", {"pin": "250913", "pin_again": "250913"})
    theirs.refresh_from_db()
    assert theirs.pin_hash != ""


def test_a_branch_clerk_confirms_an_online_application_at_their_desk_and_the_reader_becomes_theirs(
    clerk, central, davinci
):
    applicant = make_patron("周网上", branch=central.branch, channel=Patron.Channel.WEB)
    clerk.post(f"/patrons/{applicant.pk}/confirm/")
    applicant.refresh_from_db()
    assert (applicant.status, applicant.home_branch) == (Patron.Status.ACTIVE, davinci.branch)


def test_the_pending_list_shows_only_the_branchs_applications(clerk, central, davinci):
    mine = make_patron("周本馆", branch=davinci.branch, channel=Patron.Channel.WEB)
    other = make_patron("吴总馆", branch=central.branch, channel=Patron.Channel.WEB)
    body = clerk.get("/patrons/pending/").content.decode()
    assert (mine.name in body, other.name in body) == (True, False)


def test_the_deposit_register_shows_only_the_branchs_readers(clerk, ours, theirs):
    body = clerk.get("/patrons/deposits/").content.decode()
    assert (ours.card_number in body, theirs.card_number in body) == (True, False)


def test_the_export_of_a_staff_member_of_one_branch_holds_only_that_branchs_readers(davinci, ours, theirs):
    text = login(Role.DIRECTOR, davinci.branch).post("/patrons/export/").content.decode("utf-8-sig")
    assert (ours.card_number in text, theirs.card_number in text) == (True, False)


@pytest.mark.parametrize("role", [Role.READING_ROOM, Role.CIRCULATION])
def test_a_role_without_the_export_permission_cannot_export_readers(role, central, theirs):
    response = login(role, all_branches=True).post("/patrons/export/")
    assert (response.status_code, theirs.card_number in response.content.decode("utf-8", "replace")) == (403, False)


def overdue(reader: Patron, desk) -> str:
    item = make_item(branch=desk.branch)
    lend(item, reader, at=timezone.now() - timedelta(days=40), service_point=desk)
    return item.barcode


def test_the_overdue_list_shows_only_the_branchs_readers(clerk, ours, theirs, davinci):
    mine, other = overdue(ours, davinci), overdue(theirs, davinci)
    body = clerk.get("/circulation/overdue/").content.decode()
    assert (mine in body, other in body) == (True, False)


def test_the_notices_page_shows_only_the_branchs_readers(clerk, ours, theirs):
    for reader in (ours, theirs):
        Notice.objects.create(patron=reader, kind=Notice.Kind.SUSPENDED, created_at=timezone.now())
    body = clerk.get("/circulation/notices/").content.decode()
    assert (ours.name in body, theirs.name in body) == (True, False)


def test_the_admins_loan_list_shows_only_the_loans_of_the_branchs_readers(clerk, ours, theirs, davinci):
    mine, other = overdue(ours, davinci), overdue(theirs, davinci)
    body = clerk.get("/admin/circulation/loan/").content.decode()
    assert (mine in body, other in body) == (True, False)


def test_the_home_figures_of_a_branch_clerk_count_their_branchs_readers(davinci, ours, theirs):
    figures = {str(label): value for label, value in figures_for(make_staff(Role.CIRCULATION, davinci.branch))}
    assert figures["有效读者证"] == 1


def test_the_home_figures_of_staff_of_all_branches_count_the_whole_library(ours, theirs):
    figures = {str(label): value for label, value in figures_for(make_staff(Role.CIRCULATION, all_branches=True))}
    assert figures["有效读者证"] == 2


def test_a_branch_clerk_cannot_move_their_reader_to_another_branch(clerk, ours, central, davinci):
    form = {"name": ours.name, "category": ours.category.pk, "home_branch": central.branch.pk}
    clerk.post(f"/patrons/{ours.pk}/edit/", form)
    ours.refresh_from_db()
    assert ours.home_branch == davinci.branch
