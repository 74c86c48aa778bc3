from django.utils.translation import gettext_lazy as _


class DeviceRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


SERVICE_POINT_OF_OTHER_BRANCH = _("The service point belongs to another branch.")
