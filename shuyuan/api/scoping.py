from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from shuyuan.branches.models import Branch
from shuyuan.devices.models import Device


def require_own_branch(request: HttpRequest, branch: Branch) -> Device:
    """A device acts only for its own branch."""
    device: Device = request.auth  # type: ignore[attr-defined]
    if device.branch_id != branch.pk:
        raise HttpError(403, _("This device belongs to another branch."))
    return device
