from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatTablesConfig(AppConfig):
    name = "shuyuan.stattables"
    label = "stattables"
    verbose_name = _("Statistical tables")
