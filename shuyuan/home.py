"""The figures on the staff home page, listed in the order they show. A later app (visits,
statistics) adds its function to FIGURES; each returns nothing for a person who may not see it.
Staff of some branches see their branches' figures; only staff of all branches see the library's."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import ServicePoint
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.catalog.models import Item, Record
from shuyuan.circulation.models import Loan
from shuyuan.devices.models import Device
from shuyuan.patrons.models import Patron
from shuyuan.patrons.scoping import readers_visible_to, rows_of_visible_readers

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


def catalogue_figures(user: Any) -> list[Figure]:
    if not user.has_perm("catalog.view_record"):
        return []
    if acts_everywhere(user):
        return [(_("records"), Record.objects.count()), (_("items"), Item.objects.count())]
    items = Item.objects.filter(home_branch__in=branches_for(user))
    return [(_("records"), items.values("record").distinct().count()), (_("items"), items.count())]


def reader_figures(user: Any) -> list[Figure]:
    if not user.has_perm("patrons.view_patron"):
        return []
    return [(_("active readers"), readers_visible_to(user).filter(status=Patron.Status.ACTIVE).count())]


def loan_figures(user: Any) -> list[Figure]:
    if not user.has_perm("circulation.view_loan"):
        return []
    open_loans = rows_of_visible_readers(Loan.objects.filter(status=Loan.Status.OPEN), user)
    return [
        (_("items on loan"), open_loans.count()),
        (_("overdue loans"), open_loans.filter(due_at__lt=timezone.now()).count()),
    ]


FIGURES: tuple[Callable[[Any], list[Figure]], ...] = (
    branch_figures,
    device_figures,
    catalogue_figures,
    reader_figures,
    loan_figures,
)


def figures_for(user: Any) -> list[Figure]:
    return [figure for figures in FIGURES for figure in figures(user)]
