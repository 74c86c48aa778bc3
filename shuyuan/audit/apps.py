from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from shuyuan.navigation import NavItem


class AuditConfig(AppConfig):
    name = "shuyuan.audit"
    label = "audit"
    verbose_name = _("Audit log")
    nav_items = [NavItem(_("Audit log"), "audit:list", "audit.view_audit_log")]
