"""The QR e-card (电子读者证): a value that names the reader's card and a short time window, signed
with a key kept outside the database (``shuyuan.keys``, ``ecard_key``).

The OPAC shows it as a QR code; the desk and the SIP2 kiosks read it as they read a card
(``queries.resolve``). Checking it is arithmetic and one card look-up: no row is written, so any
number of web and SIP2 processes verify it alike. A value works for ``WINDOWS`` windows of
``WINDOW`` seconds, so a screenshot stops working within minutes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from shuyuan.keys import key_text
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron

PREFIX = "SYE"
WINDOW = 60  # seconds
WINDOWS = 3  # the current window and the two before it: valid two to three minutes
_MAC_LENGTH = 16  # base32 characters: 80 bits


def is_ecard(text: str) -> bool:
    return text.strip().upper().startswith(PREFIX)


def window_of(at: datetime) -> int:
    return int(at.timestamp()) // WINDOW


def _mac(body: str) -> str:
    digest = hmac.new(key_text("ecard_key").encode(), body.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:_MAC_LENGTH]


def value(patron: Patron, *, at: datetime) -> str:
    """The e-card value of the reader's card for the window of ``at``."""
    body = f"{patron.card_number}.{window_of(at):X}"
    return f"{PREFIX}{body}.{_mac(body)}"


def expires_at(at: datetime) -> datetime:
    """When a value shown at ``at`` stops working."""
    return datetime.fromtimestamp((window_of(at) + WINDOWS) * WINDOW, tz=at.tzinfo)


def card_number(text: str, *, at: datetime) -> str:
    """The card number a genuine, current value names; refuses a forged or expired one."""
    text = text.strip().upper()
    body, _sep, mac = text.removeprefix(PREFIX).rpartition(".")
    number, _sep2, window_text = body.rpartition(".")
    if not number or not hmac.compare_digest(_mac(body), mac):
        raise PatronRefused(Reason.ECARD_FORGED)
    try:
        window = int(window_text, 16)
    except ValueError:
        raise PatronRefused(Reason.ECARD_FORGED) from None
    now = window_of(at)
    # One window ahead is tolerated: a phone's clock may run a little fast.
    if not now - WINDOWS < window <= now + 1:
        raise PatronRefused(Reason.ECARD_EXPIRED)
    return number


def verify(text: str, *, at: datetime) -> Patron:
    """The reader of a genuine, current e-card value, as the desk and the kiosks accept it."""
    from shuyuan.patrons.queries import by_card

    patron = by_card(card_number(text, at=at))
    if patron is None:
        raise PatronRefused(Reason.CARD_NOT_FOUND)
    return patron
