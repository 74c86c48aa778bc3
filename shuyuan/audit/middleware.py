from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from shuyuan.audit.context import current_source


class AuditSourceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_source.set(f"web {request.META.get('REMOTE_ADDR', '')}".strip())
        try:
            return self.get_response(request)
        finally:
            current_source.reset(token)
