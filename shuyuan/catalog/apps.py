from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "shuyuan.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from shuyuan.catalog.defaults import ensure_item_types
        from shuyuan.catalog.search import checks  # noqa: F401  (refuses a C-locale PostgreSQL)

        post_migrate.connect(ensure_item_types, sender=self, dispatch_uid="catalog_item_types")
