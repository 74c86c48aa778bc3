"""Every request's input is checked one way, before any view sees it.

- ``ControlCharactersMiddleware`` refuses (400) a path, a query parameter, a form field or a JSON
  string that holds a control character other than tab, line feed and carriage return: a NUL byte
  breaks PostgreSQL's text type and SQLite would store it; the others have no business in a
  library's data either. Pages get a Chinese sentence, the API its JSON refusal.
- It refuses too (400) a date-part parameter (``at__year``, ``…__month``, ``…__day``, as the
  admin's date drill-down sends) that is not a number within its range: the database would fail.
- ``int_param`` and ``date_param`` read a typed query parameter: a value that is missing, not a
  number or a date, or out of its range gives the default, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A JSON text cannot hold a raw control character; its strings write them as \u0000 … \u001f.
_JSON_CONTROL = re.compile(r"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])")
_DATE_PARTS = {"year": (1900, 2200), "month": (1, 12), "day": (1, 31)}
_DATE_PART_NAME = re.compile(r"__(year|month|day)$")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def _query_and_form(request: HttpRequest) -> list[str]:
    texts = [request.path]
    for params in (request.GET, request.POST if request.content_type in _FORMS else None):
        if params is not None:
            for key, values in params.lists():
                texts.append(key)
                texts.extend(values)
    return texts


def _json_has_control(request: HttpRequest) -> bool:
    if request.content_type != "application/json":
        return False
    return bool(_JSON_CONTROL.search(request.body.decode("utf-8", "replace")))


def _bad_date_part(request: HttpRequest) -> bool:
    for key in request.GET:
        found = _DATE_PART_NAME.search(key)
        if found:
            low, high = _DATE_PARTS[found.group(1)]
            if int_param(request.GET, key, low - 1, minimum=low, maximum=high) < low:
                return True
    return False


class InputCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "reads_scanner_input", False):
            return None  # the view strips a scanner's own control characters and says what is wrong
        try:
            refused = any(has_control_characters(t) for t in _query_and_form(request)) or _json_has_control(request)
        except RequestDataTooBig:
            refused = False  # the view's own parsing answers that (413 or the API's JSON refusal)
        if refused:
            message = _("The request holds control characters (such as a NUL byte); remove them and try again.")
            return _refusal(request, message, "control_characters")
        if _bad_date_part(request):
            return _refusal(request, _("A date in the address is out of range."), "bad_date")
        return None


def reads_scanner_input(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a view that takes a barcode scanner's raw input (prefix and suffix characters included)
    and refuses what it cannot use with its own message: the control-character check leaves it."""
    view.reads_scanner_input = True  # type: ignore[attr-defined]
    return view


def _refusal(request: HttpRequest, message: str, reason: str) -> HttpResponse:
    if request.path.startswith("/api/") or request.content_type == "application/json":
        return JsonResponse({"detail": message, "reason": reason}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def int_param(params: Mapping[str, Any], name: str, default: int, *, minimum: int, maximum: int) -> int:
    """The integer parameter ``name`` within [minimum, maximum], else ``default``."""
    text = str(params.get(name) or "").strip()
    if not text.lstrip("-").isdigit() or len(text) > 12:
        return default
    value = int(text)
    return value if minimum <= value <= maximum else default


def date_param(params: Mapping[str, Any], name: str, default: date) -> date:
    """The ISO date parameter ``name`` (YYYY-MM-DD), else ``default``."""
    try:
        return date.fromisoformat(str(params.get(name) or "").strip()[:10])
    except ValueError:
        return default
