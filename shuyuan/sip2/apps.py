from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from shuyuan.navigation import NavItem


class Sip2Config(AppConfig):
    name = "shuyuan.sip2"
    label = "sip2"
    verbose_name = _("SIP2 self-check")
    nav_items = [NavItem(_("Self-check kiosks"), "sip2:kiosks", "sip2.view_devicecounter")]
    role_permissions = {
        "circulation": ["sip2.view_devicecounter", "sip2.view_offlineconflict", "sip2.change_offlineconflict"],
        "statistics": ["sip2.view_devicecounter"],
    }
