from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "shuyuan.outreach"
    label = "outreach"
    verbose_name = _("Activities and volunteers")
