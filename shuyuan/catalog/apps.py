from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from shuyuan.navigation import NavItem

READ = ["catalog.view_record", "catalog.view_item", "catalog.view_itemtype", "catalog.view_collection"]
CATALOGUE = [
    *READ,
    "catalog.add_record",
    "catalog.change_record",
    "catalog.add_item",
    "catalog.change_item",
    "catalog.view_importbatch",
    "catalog.add_importbatch",
    "catalog.view_oldbarcode",
]


class CatalogConfig(AppConfig):
    name = "shuyuan.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")
    nav_items = [
        NavItem(_("Catalogue search"), "catalog:search", "catalog.view_record"),
        NavItem(_("Copy cataloguing"), "catalog:copy_cataloguing", "catalog.add_record"),
        NavItem(_("Imports"), "catalog:imports", "catalog.view_importbatch"),
        NavItem(_("MARC export"), "catalog:export", "catalog.view_record"),
    ]
    role_permissions = {
        "cataloguing": CATALOGUE,
        "acquisitions": CATALOGUE,
        "circulation": READ,
        "reading_room": READ,
        "statistics": READ,
    }

    def ready(self) -> None:
        from shuyuan.catalog.defaults import ensure_item_types
        from shuyuan.catalog.search import checks  # noqa: F401  (refuses a C-locale PostgreSQL)

        post_migrate.connect(ensure_item_types, sender=self, dispatch_uid="catalog_item_types")

    def home_figures(self, user: Any) -> list[tuple[Any, Any]]:
        if not user.has_perm("catalog.view_record"):
            return []
        from shuyuan.catalog.models import Item, Record

        return [(_("records"), Record.objects.count()), (_("items"), Item.objects.count())]
