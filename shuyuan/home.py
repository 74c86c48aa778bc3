"""The figures on the staff home page, listed in the order they show. A later app (visits,
statistics) adds its function to FIGURES; each returns nothing for a person who may not see it.
The figures that would count many rows come from the dashboard's snapshot (issue 18 item 6).
Staff of some branches see their branches' figures; only staff of all branches see the library's."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import ServicePoint
from shuyuan.branches.scoping import branches_for
from shuyuan.dashboards.queries import HOME_FIGURES
from shuyuan.dashboards.services import home_snapshot
from shuyuan.devices.models import Device

Figure = tuple[Any, int]


def branch_figures(user: Any) -> list[Figure]:
    branches = branches_for(user)
    return [
        (_("branches"), branches.count()),
        (_("service points"), ServicePoint.objects.filter(branch__in=branches, is_active=True).count()),
    ]


def device_figures(user: Any) -> list[Figure]:
    if not user.has_perm("devices.view_device"):
        return []
    return [(_("devices in service"), Device.objects.filter(branch__in=branches_for(user), is_enabled=True).count())]


def dashboard_figures(user: Any) -> list[Figure]:
    """Today's and this month's figures, the valid cards and the stock, from the dashboard's snapshot
    (``dashboards.services.home_snapshot``, a few minutes old at most): no counting on each load."""
    if not any(user.has_perm(permission) for _key, permission, _label in HOME_FIGURES):
        return []
    values = home_snapshot(user, at=timezone.now())
    return [
        (label, values.get(key, 0))
        for key, permission, label in HOME_FIGURES
        if key in values and user.has_perm(permission)
    ]


FIGURES: tuple[Callable[[Any], list[Figure]], ...] = (
    branch_figures,
    device_figures,
    dashboard_figures,
)


def figures_for(user: Any) -> list[Figure]:
    return [figure for figures in FIGURES for figure in figures(user)]
