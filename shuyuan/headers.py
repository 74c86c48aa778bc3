"""Response headers every page gets.

- A Content-Security-Policy: scripts, styles, images and fonts only from our own origin (the API
  docs' Swagger UI too: its assets come with django-ninja and are served locally); inline styles
  are allowed (a few templates and Swagger use them), inline scripts are not.
- ``Cache-Control: no-store`` on every answer to a logged-in staff member and on every API answer:
  reader pages, card PDFs, exports and the page that shows a new device key once must not stay in
  a shared desk PC's browser cache or a proxy. Static files are not concerned (WhiteNoise serves
  them before this middleware runs).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            if "no-store" not in response.get("Cache-Control", ""):
                patch_cache_control(response, no_store=True)
        return response
