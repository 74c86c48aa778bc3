from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ShuyuanConfig(AppConfig):
    name = "shuyuan"
    label = "shuyuan"
    verbose_name = _("Shuyuan")

    def ready(self) -> None:
        from shuyuan.checks import reinstall_triggers_after_migrate
        from shuyuan.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="shuyuan_roles")
        post_migrate.connect(reinstall_triggers_after_migrate, dispatch_uid="shuyuan_triggers")
