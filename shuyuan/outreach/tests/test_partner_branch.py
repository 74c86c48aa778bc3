"""The guided opening of a branch at a partner, as the 达芬奇画室 branch opened: the branch and its
premises, the books moved from the central library through circulation's batch transfer, the
donated books catalogued into it, and its first day counted from its own rows."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item
from shuyuan.circulation.errors import TransferRefused
from shuyuan.circulation.models import TransferBatch
from shuyuan.outreach import flow, queries, services
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.models import Partner
from shuyuan.testing.branches import make_branch, make_library
from shuyuan.testing.catalog import make_item, make_item_type, make_record
from shuyuan.testing.circulation import lend, make_desk, make_rule
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
STOCKED = datetime(2016, 7, 6, 10, tzinfo=SHANGHAI)
FIRST_DAY = datetime(2016, 7, 7, 9, tzinfo=SHANGHAI)


@pytest.fixture
def central():
    branch = make_branch("LL01", name="总馆", kind=Branch.Kind.CENTRAL, library=make_library())
    make_desk(branch)
    return branch


def open_studio(**changes):
    changes.setdefault(
        "partner", Partner.objects.get_or_create(name="达芬奇画室", defaults={"kind": Partner.Kind.COMPANY})[0]
    )
    plan = services.BranchPlan(
        code="LL02",
        name="达芬奇画室分馆",
        address="醴陵市达芬奇画室",
        agreement="画室提供场地与管理人员，图书馆提供图书与业务指导。",
        area_m2=100,
        desks=8,
        benches=20,
        shelves=6,
        opens_on=date(2016, 7, 7),
        hours=[(d, time(9), time(18)) for d in range(1, 7)],
        closed_weekdays="0",
        **changes,
    )
    return services.open_partner_branch(plan, library=make_library(), at=STOCKED, by=None)


def test_step_one_creates_the_branch_with_its_premises_desk_hours_and_collection(central):
    opening = open_studio()
    branch = opening.branch
    assert (branch.partner_name, branch.area_m2, branch.shelves, opening.desks, opening.benches) == (
        "达芬奇画室",
        100,
        6,
        8,
        20,
    )
    desk = branch.service_points.get()
    assert desk.opening_hours.count() == 6
    assert branch.collections.count() == 1


def test_a_second_branch_with_the_same_code_is_refused(central):
    open_studio()
    with pytest.raises(OutreachRefused) as refused:
        open_studio()
    assert refused.value.reason == Reason.BRANCH_CODE_TAKEN


def test_a_refused_opening_leaves_no_new_partner_behind(central):
    open_studio()
    with pytest.raises(OutreachRefused):
        open_studio(partner="新的合作方")
    assert not Partner.objects.filter(name="新的合作方").exists()


def test_a_new_partner_named_in_the_plan_is_created_with_the_branch(central):
    assert open_studio(partner="金鱼幼儿园").partner.name == "金鱼幼儿园"


def test_step_two_moves_the_selected_books_through_a_permanent_batch_transfer(central):
    opening = open_studio()
    books = [make_item(branch=central) for _ in range(3)]
    batch = flow.stock(opening, [b.barcode for b in books], by=None, at=STOCKED)
    assert TransferBatch.objects.get(pk=batch.pk).status == TransferBatch.Status.RECEIVED
    moved = Item.objects.filter(pk__in=[b.pk for b in books])
    assert {(i.home_branch_id, i.current_branch_id, i.status) for i in moved} == {
        (opening.branch.pk, opening.branch.pk, Item.Status.ON_SHELF)
    }
    opening.refresh_from_db()
    assert (opening.transfer_batch, opening.items_moved) == (batch.number, 3)


def test_a_book_not_on_the_central_shelves_refuses_the_whole_batch(central):
    opening = open_studio()
    on_shelf = make_item(branch=central)
    away = make_item(branch=central, status=Item.Status.IN_PROCESSING)
    with pytest.raises(TransferRefused):
        flow.stock(opening, [on_shelf.barcode, away.barcode], by=None, at=STOCKED)
    on_shelf.refresh_from_db()
    assert on_shelf.home_branch_id == central.pk


def test_step_three_catalogues_the_donated_books_onto_the_branch_shelves(central):
    opening = open_studio()
    record = make_record("小王子")
    made = services.catalogue_donations(opening, [(record, 2)], item_type=make_item_type(), at=STOCKED, by=None)
    assert {(i.home_branch_id, i.status, i.note) for i in made} == {(opening.branch.pk, Item.Status.ON_SHELF, "捐赠")}
    opening.refresh_from_db()
    assert opening.donated_catalogued == 2


def test_the_branch_s_first_day_loans_come_from_its_own_rows(central):
    opening = open_studio()
    make_rule()
    donated = services.catalogue_donations(
        opening, [(make_record(), 3)], item_type=make_item_type(), at=STOCKED, by=None
    )
    desk = opening.branch.service_points.get()
    reader = make_patron("刘洋")
    for item in donated[:2]:
        lend(item, reader, at=FIRST_DAY, service_point=desk)
    lend(make_item(branch=central), make_patron("周婷"), at=FIRST_DAY)
    figures = queries.opening_day(opening)
    assert (figures["loans"], figures["readers"]) == (2, 1)
