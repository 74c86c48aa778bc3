from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from shuyuan.navigation import NavItem


class DevicesConfig(AppConfig):
    name = "shuyuan.devices"
    label = "devices"
    verbose_name = _("Devices")
    nav_items = [NavItem(_("Devices"), "devices:list", "devices.view_device")]
    role_permissions = {"statistics": ["devices.view_device"]}

    def home_figures(self, user: Any) -> list[tuple[Any, Any]]:
        from shuyuan.branches.scoping import branches_for
        from shuyuan.devices.models import Device

        if not user.has_perm("devices.view_device"):
            return []
        devices = Device.objects.filter(branch__in=branches_for(user), is_enabled=True)
        return [(_("devices in service"), devices.count())]
