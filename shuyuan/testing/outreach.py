"""Factories for activities and volunteers."""

from datetime import date, timedelta
from typing import Any

from shuyuan.branches.models import Branch
from shuyuan.outreach import services
from shuyuan.outreach.models import Activity, Kind, Volunteer
from shuyuan.testing.branches import NOW, make_branch


def make_activity(title: str = "读书沙龙", *, branch: Branch | None = None, at: Any = NOW, **plan: Any) -> Activity:
    """An activity a week after ``at``; with ``capacity`` it takes sign-ups, open from ``at``."""
    starts = plan.pop("starts_at", at + timedelta(days=7))
    if "capacity" in plan:
        plan.setdefault("needs_signup", True)
        plan.setdefault("signup_opens_at", at - timedelta(days=1))
    return services.plan_activity(
        services.Plan(
            title=title,
            kind=plan.pop("kind", Kind.SALON),
            starts_at=starts,
            ends_at=plan.pop("ends_at", starts + timedelta(hours=2)),
            branch=branch or Branch.objects.first() or make_branch(),
            **plan,
        ),
        at=at,
        by=None,
    )


def make_volunteer(name: str = "李四", *, at: Any = NOW, **fields: Any) -> Volunteer:
    fields.setdefault("joined_on", date(2016, 1, 1))
    return services.register_volunteer(services.VolunteerForm(name=name, **fields), at=at, by=None)
