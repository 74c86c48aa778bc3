"""The REST API (OpenAPI at /api/docs): the health check, the error answers, and every router,
listed at the end of this file (a domain keeps its endpoints in ``<app>/api.py``)."""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import Status

from shuyuan.branches.api import router as branches_router
from shuyuan.devices.authentication import WrongDeviceKind
from shuyuan.patrons.api import router as patrons_router
from shuyuan.visits.api import router as visits_router

ERROR_ANSWER = {
    "title": "ErrorAnswer",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "a Chinese sentence for the screen"},
        "reason": {"type": "string", "description": "a stable code"},
        "errors": {"type": "array", "items": {"type": "object"}, "description": "for 422: the invalid fields"},
    },
    "required": ["detail", "reason"],
}
COMMON_ANSWERS = {
    "400": "The body is not JSON, or the request holds control characters.",
    "401": "The device key is missing, wrong or the device is disabled.",
    "403": "This device is not allowed to use this service (another kind, another branch).",
    "413": "The body is larger than the server accepts.",
    "422": "The request is invalid or refused; ``reason`` says why.",
}


class DocumentedNinjaAPI(NinjaAPI):
    """The OpenAPI document lists every answer the API gives, not only the successful ones: the
    error answers of ``error`` below, all with ``detail`` and ``reason``."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {})["ErrorAnswer"] = ERROR_ANSWER
        reference = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorAnswer"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                wanted = {"400"}
                if operation.get("security"):
                    wanted |= {"401", "403"}
                if "requestBody" in operation:
                    wanted |= {"413", "422"}
                if operation.get("parameters"):
                    wanted |= {"422"}
                responses = operation["responses"]
                for status in sorted(wanted):
                    if int(status) not in responses and status not in responses:
                        responses[int(status)] = {"description": COMMON_ANSWERS[status], "content": reference}
        return schema


api = DocumentedNinjaAPI(
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
    return error(request, 401, _("The device key is missing, wrong or the device is disabled."), reason="device_key")


@api.exception_handler(WrongDeviceKind)
def on_wrong_device_kind(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, _("This device is not allowed to use this service."), reason="device_kind")


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [".".join(str(p) for p in e.get("loc", [])[1:]) or str(e.get("loc", "")) for e in exc.errors]
    message = _("The request is invalid: %(fields)s") % {"fields": "、".join(fields)}
    return error(request, 422, message, reason="invalid_request", errors=exc.errors)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 413, _("The request body is too large."), reason="body_too_large")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return error(request, 400, _("The request body is not valid JSON."), reason="unparsable_body")
    return error(request, exc.status_code, str(exc), reason=f"http_{exc.status_code}")


# Each router under its app's name; later apps (opac, desk, visits) add their line here.
api.add_router("/branches/", branches_router)
api.add_router("/patrons/", patrons_router)
api.add_router("/visits/", visits_router)
