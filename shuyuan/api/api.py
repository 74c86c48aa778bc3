"""The REST API (OpenAPI at /api/docs): the health check, the error answers, and every router,
listed at the end of this file (a domain keeps its endpoints in ``<app>/api.py``)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import Status

from shuyuan.branches.api import router as branches_router
from shuyuan.devices.authentication import WrongDeviceKind
from shuyuan.patrons.api import router as patrons_router

api = NinjaAPI(
    title="书苑 Shuyuan API",
    version="1",
    description="Kiosks and integrations. Authenticate with a device key: `Authorization: Bearer sy_<id>_<secret>`.",
    urls_namespace="api",
    docs_url="/docs",
)


class Health(Schema):
    status: str
    database: bool
    disk_free_bytes: int
    last_backup_age_hours: float | None
    problems: list[str]


@api.get("/health", response={200: Health, 503: Health}, auth=None, summary="Service health")
def health(request: HttpRequest) -> Status[Any]:
    """``ok``; ``degraded`` when the disk is nearly full or the last backup is older than a day
    (``problems`` names which); ``down`` (503) when the database does not answer."""
    from shuyuan import health as checks

    report = checks.check()
    return Status(503 if report.status == "down" else 200, report)


def error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 401, _("The device key is missing, wrong or the device is disabled."))


@api.exception_handler(WrongDeviceKind)
def on_wrong_device_kind(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, _("This device is not allowed to use this service."))


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [".".join(str(p) for p in e.get("loc", [])[1:]) or str(e.get("loc", "")) for e in exc.errors]
    message = _("The request is invalid: %(fields)s") % {"fields": "、".join(fields)}
    return error(request, 422, message, errors=exc.errors)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, str(exc))


# Each router under its app's name; later apps (opac, desk, visits) add their line here.
api.add_router("/branches/", branches_router)
api.add_router("/patrons/", patrons_router)
