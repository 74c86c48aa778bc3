"""The demo's reading promotion matches the seed report's figures (DESIGN.md section 7)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from shuyuan.outreach import queries
from shuyuan.outreach.models import Activity, BranchOpening, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())


def figures(activity):
    return {f.label: f.number for f in activity.figures.all()}


def test_every_seed_activity_is_in_the_demo_with_its_figures(demo):
    festival = Activity.objects.get(title="我们的节日·元宵灯会")
    assert (queries.attendance(festival), figures(festival)["灯笼"], figures(festival)["谜语"]) == (3000, 400, 200)
    community = Activity.objects.get(title="学雷锋送书下乡·阅读推广")
    assert (community.books_handed_out, queries.attendance(community)) == (500, 300)
    assert queries.attendance(Activity.objects.get(title__contains="演讲大赛")) == 300
    fair = Activity.objects.get(title="醴陵市首届换书大会")
    assert (fair.books_exchanged, queries.attendance(fair), fair.shifts.count()) == (850, 500, 10)
    screenings = Activity.objects.filter(title="学雷锋影视展").order_by("starts_at")
    assert screenings.count() == 10
    assert all(queries.attendance(s) >= 80 for s in screenings)
    salon = queries.with_counts(Activity.objects.filter(title__startswith="读书沙龙")).get()
    assert (salon.checked_in, queries.attendance(salon)) == (10, 10)
    assert all(a.narrative for a in Activity.objects.all())


def test_the_demo_has_the_young_volunteers_and_the_two_training_events(demo):
    assert Volunteer.objects.filter(group="小小文化志愿者", guardian_name__gt="").count() >= 40
    hours = queries.training_hours(2016)
    assert len(hours) == 4
    assert sorted(h for _u, h, _n in hours) == [Decimal("3"), Decimal("3"), Decimal("18"), Decimal("18")]


def test_the_painting_studio_branch_opens_on_the_seventh_of_july(demo):
    opening = BranchOpening.objects.get(branch__code="LL02")
    assert (opening.opens_on, opening.desks, opening.benches, opening.branch.shelves) == (date(2016, 7, 7), 8, 20, 6)
    assert opening.items_moved > 0 and opening.donated_catalogued > 0
    assert queries.opening_day(opening)["loans"] > 0


def test_the_painting_studio_branch_s_first_day_visits_and_loans_come_from_the_rows(demo):
    from shuyuan.circulation.models import CirculationEvent
    from shuyuan.visits import queries as visits_queries
    from shuyuan.visits.models import VisitCount

    opening = BranchOpening.objects.get(branch__code="LL02")
    day = opening.opens_on
    loans = CirculationEvent.objects.filter(branch=opening.branch, kind="checkout", at__date=day).count()
    assert queries.opening_day(opening)["loans"] == loans == 10  # the small demo's share of the seed's 300
    tallied = sum(
        VisitCount.objects.filter(service_point__branch=opening.branch, day=day).values_list("count", flat=True)
    )
    visits = visits_queries.branch_visits(opening.branch, day, day)
    assert visits == tallied > queries.opening_day(opening)["readers"]
