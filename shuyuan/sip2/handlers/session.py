"""Login, status and the end of a patron session: what a kiosk needs before and around circulation."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Generator
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shuyuan.devices.models import Device
from shuyuan.devices.presence import mark_seen
from shuyuan.devices.queries import device_for_login
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers.base import CHINESE, HANDLERS, Handler, Kiosk, handles, local

# The order of the BX field of 98: which requests we serve.
SUPPORTED_ORDER = (
    m.PatronStatusRequest,
    m.CheckoutRequest,
    m.CheckinRequest,
    m.BlockPatron,
    m.ScStatus,
    m.RequestAcsResend,
    m.LoginRequest,
    m.PatronInformationRequest,
    m.EndPatronSessionRequest,
    m.FeePaidRequest,
    m.ItemInformationRequest,
    m.ItemStatusUpdateRequest,
    m.PatronEnableRequest,
    m.HoldRequest,
    m.RenewRequest,
    m.RenewAllRequest,
)
ALWAYS_SUPPORTED = (m.ScStatus, m.RequestAcsResend, m.LoginRequest)


# The SIP2 language codes (the spec's table) of the languages Shuyuan speaks; any other is answered
# in Chinese.
ENGLISH = "001"
LANGUAGES = {CHINESE: "zh-hans", ENGLISH: "en"}


def language_asked(request: m.Message, current: str) -> str:
    """The SIP2 language a connection speaks after ``request``: what a 23 or 63 asks for when we
    speak it, Chinese when it asks for another (000 is "unknown"); other requests carry none and
    keep the connection's."""
    asked = getattr(request, "language", None)
    if asked is None:
        return current
    return asked if asked in LANGUAGES else CHINESE


def speaking(language: str, handler: Handler) -> Handler:
    """``handler`` with its screen and print texts in ``language`` (a SIP2 code). A paused handler
    (a generator) gets the language at each of its steps, with the same pauses, since the database
    thread runs other kiosks' requests between them."""
    name = LANGUAGES.get(language, LANGUAGES[CHINESE])
    if inspect.isgeneratorfunction(handler):

        def steps(*args: Any) -> Generator[None, None, Any]:
            paused = handler(*args)
            while True:
                with in_effect(name):
                    try:
                        next(paused)  # type: ignore[arg-type]
                    except StopIteration as stop:
                        return stop.value
                yield

        return steps

    def plain(*args: Any) -> Any:
        with in_effect(name):
            return handler(*args)

    return plain


def in_effect(name: str) -> AbstractContextManager[Any]:
    """``translation.override``, unless the language is in effect already (the database threads
    speak the library's language unless a kiosk asks for another): switching costs more than a
    short request's own work."""
    return nullcontext() if translation.get_language() == name else translation.override(name)


def in_language(language: str, answer: Callable[[], m.Message]) -> m.Message:
    """An answer made in ``language``, with the language field (24, 26, 64) saying which."""
    with translation.override(LANGUAGES.get(language, LANGUAGES[CHINESE])):
        return answered_in(language, answer())


def answered_in(language: str, response: m.Message) -> m.Message:
    if hasattr(response, "language"):
        return dataclasses.replace(response, language=language if language in LANGUAGES else CHINESE)  # type: ignore[type-var]
    return response


def login(request: m.LoginRequest) -> Kiosk | None:
    """The SIP2 kiosk these credentials belong to, if it is enabled."""
    device = device_for_login(request.login_user_id, request.login_password)
    if device is None or device.kind != Device.Kind.SIP2_KIOSK:
        return None
    mark_seen(device, at=timezone.now())
    return Kiosk.of(device)


def still_enabled(kiosk: Kiosk) -> bool:
    """A kiosk disabled by staff is turned away on its next message, not at its next login."""
    return Device.objects.filter(pk=kiosk.device.pk, is_enabled=True).exists()


def is_request(message: m.Message) -> bool:
    """Whether a kiosk may send this message (as opposed to a response code sent back at us)."""
    return type(message) in SUPPORTED_ORDER


def supported_messages() -> str:
    return "".join("Y" if t in HANDLERS or t in ALWAYS_SUPPORTED else "N" for t in SUPPORTED_ORDER)


def acs_status(kiosk: Kiosk | None, *, at: datetime, timeout_seconds: float) -> m.AcsStatus:
    """98: what we serve. Before login it says "off-line" and nothing is allowed."""
    online = kiosk is not None
    return m.AcsStatus(
        online_status=online,
        checkin_ok=online and m.CheckinRequest in HANDLERS,
        checkout_ok=online and m.CheckoutRequest in HANDLERS,
        acs_renewal_policy=online and m.RenewRequest in HANDLERS,
        status_update_ok=online and m.BlockPatron in HANDLERS,
        offline_ok=online and m.CheckoutRequest in HANDLERS,
        # Tenths of a second, as the spec counts; the server enforces the same deadline.
        timeout_period=min(999, round(timeout_seconds * 10)),
        retries_allowed=3,
        date_time_sync=local(at),
        institution_id=kiosk.institution_id if kiosk else "",
        library_name=kiosk.device.branch.name if kiosk else "",
        supported_messages=supported_messages(),
        terminal_location=kiosk.location_name if kiosk else "",
        screen_messages=() if online else (not_logged_in(),),
    )


def not_logged_in() -> str:
    """Before a successful 93 the kiosk's character set is unknown (it is the account's), so only
    ASCII is safe to send: the words are English whatever the language."""
    with translation.override("en"):
        return _("The kiosk is not logged in.")


@handles(m.EndPatronSessionRequest, reads_only=True)
def end_session(kiosk: Kiosk, request: m.EndPatronSessionRequest, at: datetime) -> m.EndSessionResponse:
    """35: nothing is held open between messages, so a session always ends cleanly."""
    return m.EndSessionResponse(
        end_session=True,
        transaction_date=local(at),
        institution_id=kiosk.institution_id,
        patron_id=request.patron_id,
        screen_messages=(_("Thank you. Goodbye."),),
    )
