"""The reader's session: a reader is not a Django user. The session holds the reader's id under its
own key, beside (never instead of) a staff login, and lapses after ``IDLE`` without a request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from shuyuan.patrons.models import Patron

READER_KEY = "opac_reader"
SEEN_KEY = "opac_reader_seen"
IDLE = timedelta(minutes=15)
PIN_PAGE = "/account/pin/"


def log_in(request: HttpRequest, patron: Patron, *, at: datetime) -> None:
    request.session.cycle_key()  # a new session id at login: a planted one is useless
    request.session[READER_KEY] = patron.pk
    request.session[SEEN_KEY] = at.timestamp()


def log_out(request: HttpRequest) -> None:
    request.session.pop(READER_KEY, None)
    request.session.pop(SEEN_KEY, None)


def reader_of(request: HttpRequest, *, at: datetime) -> Patron | None:
    """The logged-in reader, or None; a session idle too long is ended (``request.reader_expired``)."""
    pk = request.session.get(READER_KEY)
    if pk is None:
        return None
    seen = request.session.get(SEEN_KEY, 0)
    if at.timestamp() - seen > IDLE.total_seconds():
        log_out(request)
        request.reader_expired = True  # type: ignore[attr-defined]
        return None
    patron = Patron.objects.select_related("home_branch", "category").filter(pk=pk).first()
    if patron is None or patron.status == Patron.Status.CLOSED:
        log_out(request)
        return None
    request.session[SEEN_KEY] = at.timestamp()
    return patron


View = Callable[..., HttpResponse]


def reader_required(view: View) -> View:
    """The view gets the logged-in reader as ``patron``; anyone else goes to the login page."""

    @wraps(view)
    @never_cache  # a reader's page must not stay in a shared phone's or a proxy's cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        patron = reader_of(request, at=timezone.now())
        if patron is None:
            if getattr(request, "reader_expired", False):
                messages.info(request, _("Your session has ended after a while without use. Please log in again."))
            return redirect(f"/account/login/?next={request.path}")
        request.reader = patron  # type: ignore[attr-defined]
        if patron.pin_change_required and request.path != PIN_PAGE:
            # A PIN kept from the old system that today's rules refuse: changed before anything else.
            messages.info(request, _("Please choose a new PIN before you go on."))
            return redirect(PIN_PAGE)
        return view(request, patron, *args, **kwargs)

    return wrapper
