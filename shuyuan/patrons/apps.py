from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from shuyuan.navigation import NavItem


class PatronsConfig(AppConfig):
    name = "shuyuan.patrons"
    label = "patrons"
    verbose_name = _("Readers")
    nav_items = [NavItem(_("Readers"), "patrons:search", "patrons.view_patron")]
    role_permissions = {
        "circulation": [
            "patrons.view_patron",
            "patrons.add_patron",
            "patrons.change_patron",
            "patrons.view_patroncard",
            "patrons.add_patronblock",
            "patrons.change_patronblock",
            "patrons.view_patronblock",
            "patrons.view_registrationevent",
            "patrons.manage_deposits",
        ],
        "reading_room": ["patrons.view_patron"],
        "statistics": ["patrons.view_registrationevent"],
    }

    def home_figures(self, user: Any) -> list[tuple[Any, Any]]:
        if not user.has_perm("patrons.view_patron"):
            return []
        from shuyuan.patrons.models import Patron

        return [(_("active readers"), Patron.objects.filter(status=Patron.Status.ACTIVE).count())]
