from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkReportConfig(AppConfig):
    name = "shuyuan.workreport"
    label = "workreport"
    verbose_name = _("Work report")
