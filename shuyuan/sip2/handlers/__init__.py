"""What each SIP2 request means for Shuyuan: resolve, call a service, map the result to the response.

Handlers are plain synchronous functions ``(kiosk, request, now) -> response``; the server runs
them in Django's database thread. They keep no state between messages: the kiosk a connection is
bound to is passed in. Importing this package registers every handler in ``HANDLERS``.
"""

from shuyuan.sip2.handlers import holds, items, loans, money, patrons, session
from shuyuan.sip2.handlers.base import CHINESE, HANDLERS, NOT_AVAILABLE, READS_ONLY, SYSTEM_ERROR, Kiosk, finished
from shuyuan.sip2.handlers.denied import denied
from shuyuan.sip2.handlers.session import (
    acs_status,
    answered_in,
    in_language,
    is_request,
    language_asked,
    login,
    speaking,
    still_enabled,
    supported_messages,
)

__all__ = [
    "CHINESE",
    "HANDLERS",
    "NOT_AVAILABLE",
    "READS_ONLY",
    "SYSTEM_ERROR",
    "Kiosk",
    "acs_status",
    "answered_in",
    "denied",
    "finished",
    "holds",
    "in_language",
    "is_request",
    "items",
    "language_asked",
    "loans",
    "login",
    "money",
    "patrons",
    "session",
    "speaking",
    "still_enabled",
    "supported_messages",
]
