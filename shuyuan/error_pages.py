"""Error pages (400, 403, 404, 500 and a refused CSRF check) in Chinese, in the staff style for staff
and in the public style for everyone else, so that the public catalogue can use them as they are."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PAGES: dict[int, tuple[Promise, Promise]] = {
    400: (_("The request is not valid"), _("The address or the form sent was not understood. Go back and try again.")),
    403: (_("You have no permission for this page"), _("Ask the library's administrator if you need it.")),
    404: (_("This page cannot be found"), _("The address may be mistyped, or the page has moved.")),
    500: (
        _("The server made an error"),
        _("The error has been recorded. Try again in a moment; if it happens again, tell the administrator."),
    ),
}
CSRF_PAGE = (
    _("The form failed its security check"),
    _(
        "The page was open too long or cookies are turned off. Reload the page, allow cookies for this site "
        "and send the form again."
    ),
)


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _render(request: HttpRequest, status: int, texts: tuple[Promise, Promise], *, with_request: bool = True) -> str:
    template = "errors/staff.html" if _is_staff(request) else "errors/public.html"
    context = {"status": status, "title": texts[0], "message": texts[1]}
    # Without the request no context processor runs, so a failing database cannot break the 500 page.
    return loader.render_to_string(template, context, request if with_request else None)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse(_render(request, 400, PAGES[400]), status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # A refusal that explains itself (a reader of another branch) says why instead of the general text.
    explained = getattr(exception, "message", None)
    texts = (PAGES[403][0], explained) if isinstance(explained, Promise) else PAGES[403]
    return HttpResponse(_render(request, 403, texts), status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse(_render(request, 404, PAGES[404]), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = _render(request, 500, PAGES[500], with_request=False)
    except Exception:  # the user's session may live in the database that just failed
        context = {"status": 500, "title": PAGES[500][0], "message": PAGES[500][1]}
        body = loader.render_to_string("errors/public.html", context)
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponse(_render(request, 403, CSRF_PAGE), status=403)
