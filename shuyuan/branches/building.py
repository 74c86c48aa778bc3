"""Building blocks that add a branch and its service points, for another domain's service (the
opening of a branch at a partner, in outreach). They open no transaction of their own."""

from __future__ import annotations

from datetime import time
from typing import Any

from shuyuan.branches.models import Branch, Library, OpeningHours, ServicePoint


def add_branch(library: Library, *, code: str, name: str, **fields: Any) -> Branch:
    return Branch.objects.create(library=library, code=code, name=name, kind=Branch.Kind.BRANCH, **fields)


def add_service_point(
    branch: Branch, *, code: str, name: str, kind: str, hours: list[tuple[int, time, time]]
) -> ServicePoint:
    point = ServicePoint.objects.create(branch=branch, code=code, name=name, kind=kind)
    OpeningHours.objects.bulk_create(
        OpeningHours(service_point=point, weekday=day, opens_at=opens, closes_at=closes) for day, opens, closes in hours
    )
    return point
