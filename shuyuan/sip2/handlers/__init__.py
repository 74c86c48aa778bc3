"""What each SIP2 request means for Shuyuan: resolve, call a service, map the result to the response.

A handler is called ``(kiosk, request, now)`` in one of the server's database threads
(``shuyuan.sip2.database``). Most return their response at once. Checkout and checkin are
generators instead: they pause (``yield``) where their reads end and where their writes end, so the
database thread runs their reads before a group commit, their service call inside it and their
answer after it, and the group holds the write lock only for the service calls; ``finished`` runs
such a handler in one go (tests, the command line). Handlers that only read are marked
``reads_only`` and are answered outside the group. Handlers keep no state between messages: the
kiosk a connection is bound to is passed in. Importing this package registers every handler in
``HANDLERS``.
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
