from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "shuyuan.returns"
    label = "returns"
    verbose_name = _("Statistical return and assessment")
