"""The snapshot of the staff home's figures: recomputed when older than a few minutes or from an
earlier day, so that the home page reads one row instead of counting on each load."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.dashboards import queries
from shuyuan.dashboards.models import Snapshot

FRESH_FOR = timedelta(minutes=5)


def scope_of(user: Any) -> tuple[str, list[Any] | None]:
    if acts_everywhere(user):
        return "*", None
    branches = list(branches_for(user).order_by("code"))
    # The codes hashed, not cut: two long lists of branches that begin alike are two scopes.
    return hashlib.sha256(",".join(branch.code for branch in branches).encode()).hexdigest(), branches


def home_snapshot(user: Any, *, at: datetime) -> dict[str, int]:
    """The home figures of the user's scope, from a fresh snapshot or computed and kept."""
    scope, branches = scope_of(user)
    found = Snapshot.objects.filter(scope=scope).first()
    if (
        found is not None
        and at - found.computed_at < FRESH_FOR
        and timezone.localdate(found.computed_at) == timezone.localdate(at)
    ):
        return dict(found.figures)
    if branches == []:
        return {}
    values = queries.home_figures(branches, today=timezone.localdate(at))
    keep_snapshot(scope, values, at=at)
    return values


def keep_snapshot(scope: str, values: dict[str, int], *, at: datetime) -> None:
    try:
        with transaction.atomic():
            Snapshot.objects.update_or_create(scope=scope, defaults={"figures": values, "computed_at": at})
    except IntegrityError:  # another process kept the same scope at the same moment: theirs will do
        return
