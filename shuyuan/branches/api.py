from datetime import date, time, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from shuyuan.branches.queries import calendar_for
from shuyuan.devices.authentication import DeviceKey
from shuyuan.devices.models import Device

router = Router(auth=DeviceKey(), tags=["branches"])


class Hours(Schema):
    weekday: int
    opens_at: time
    closes_at: time


class ServicePointOut(Schema):
    code: str
    name: str
    kind: str
    hours: list[Hours]


class Opening(Schema):
    branch: str
    name: str
    open_days: list[date]
    service_points: list[ServicePointOut]


@router.get("/{code}/opening", response=Opening, summary="Opening hours and the next open days of a branch")
def opening(request: HttpRequest, code: str) -> dict[str, object]:
    device: Device = request.auth  # type: ignore[attr-defined]
    if device.branch.code != code:
        # Another branch's code and one that does not exist get the same answer: the API is no way
        # to learn which branch codes exist.
        raise HttpError(403, _("This device belongs to another branch."))
    branch = device.branch
    today = timezone.localdate()
    calendar = calendar_for(branch, today, today + timedelta(days=30))
    points = branch.service_points.filter(is_active=True).prefetch_related("opening_hours")
    return {
        "branch": branch.code,
        "name": branch.name,
        "open_days": list(calendar.open_days(today, today + timedelta(days=13))),
        "service_points": [
            {"code": p.code, "name": p.name, "kind": p.kind, "hours": list(p.opening_hours.all())} for p in points
        ],
    }
