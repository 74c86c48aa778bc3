from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from shuyuan.navigation import NavItem

VIEW_BRANCHES = ["branches.view_library", "branches.view_branch", "branches.view_servicepoint",
                 "branches.view_openinghours", "branches.view_publicholiday", "branches.view_closure"]


class BranchesConfig(AppConfig):
    name = "shuyuan.branches"
    label = "branches"
    verbose_name = _("Branches and service points")
    nav_items = [NavItem(_("Branches"), "branches:list", "branches.view_branch")]
    role_permissions = {
        role: VIEW_BRANCHES
        for role in ("circulation", "cataloguing", "acquisitions", "reading_room", "activities", "statistics")
    }

    def home_figures(self, user: Any) -> list[tuple[Any, Any]]:
        from shuyuan.branches.models import ServicePoint
        from shuyuan.branches.scoping import branches_for

        branches = branches_for(user)
        return [
            (_("branches"), branches.count()),
            (_("service points"), ServicePoint.objects.filter(branch__in=branches, is_active=True).count()),
        ]
