from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShelvingConfig(AppConfig):
    name = "shuyuan.shelving"
    label = "shelving"
    verbose_name = _("Shelf work")
