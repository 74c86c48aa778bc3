"""How notices reach readers: the settings, the channels (an SMS gateway over HTTP, e-mail through
Django's mail backends, or none) and the short texts. Nothing here touches the database:
services/notices.py claims notices, this module sends them outside any transaction, and the service
records what happened.

Privacy: a phone number or an e-mail address exists here only as a decrypted local variable on its
way to the gateway or the mail server. It is never logged, never put in an exception or an error
text, and the gateway's answer is not logged either (it might echo the number): only its status
code, or an error code without digits; of a mail error only its type.
"""

from __future__ import annotations

import json
import logging
import re
import smtplib
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from shuyuan.circulation import notice_texts
from shuyuan.keys import decrypt
from shuyuan.patrons.masking import is_mobile, normalize_phone

logger = logging.getLogger("shuyuan.circulation.notices")

SMS_HTTP = "sms_http"
EMAIL = "email"
NONE = "none"
CHANNELS = (SMS_HTTP, EMAIL, NONE)
# The reader's choice (patrons.Patron.NoticeChannel) → the configured channel that serves it.
SERVES = {"sms": SMS_HTTP, "email": EMAIL}
DEFAULTS: dict[str, Any] = {
    "CHANNEL": NONE,
    "EMAIL_FROM": "",
    "SMS_URL": "",
    "SMS_TOKEN": "",
    "SMS_SIGNATURE": "",
    "TIMEOUT": 10,
    "DUE_SOON_DAYS": 3,
    "OVERDUE_EVERY_DAYS": 7,
    "OVERDUE_MAX": 3,
    "MAX_ATTEMPTS": 3,
}
TITLE_CHARS = 12  # a Chinese SMS segment holds 70 characters, the signature and the sentence included
ERROR_CODE = re.compile(r"^[A-Za-z_.\-]{1,60}$")  # no digits: an error code that cannot hold a phone number


# ---- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeConfig:
    channels: tuple[str, ...]  # SMS_HTTP and/or EMAIL; empty: notices wait unsent
    email_from: str
    sms_url: str
    sms_token: str
    signature: str
    timeout: float
    due_soon_days: int
    overdue_every_days: int
    overdue_max: int
    max_attempts: int


def load_config(raw: Mapping[str, Any] | None = None) -> NoticeConfig:
    """``settings.SHUYUAN["NOTICES"]`` over the defaults, checked; ImproperlyConfigured says what is wrong."""
    if raw is None:
        raw = getattr(settings, "SHUYUAN", {}).get("NOTICES", {})
    values = {**DEFAULTS, **raw}
    named = [part.strip() for part in str(values["CHANNEL"]).split(",") if part.strip()] or [NONE]
    for channel in named:
        if channel not in CHANNELS or (channel == NONE and len(named) > 1):
            raise ImproperlyConfigured(
                _("NOTICES CHANNEL must be one of %(channels)s (or sms_http,email), not “%(value)s”.")
                % {"channels": ", ".join(CHANNELS), "value": values["CHANNEL"]}
            )
    config = NoticeConfig(
        channels=tuple(dict.fromkeys(c for c in named if c != NONE)),
        email_from=str(values["EMAIL_FROM"]).strip(),
        sms_url=str(values["SMS_URL"]).strip(),
        sms_token=str(values["SMS_TOKEN"]).strip(),
        signature=str(values["SMS_SIGNATURE"]).strip(),
        timeout=number(values, "TIMEOUT", float, minimum=0.001),
        due_soon_days=number(values, "DUE_SOON_DAYS", int, minimum=0),
        overdue_every_days=number(values, "OVERDUE_EVERY_DAYS", int, minimum=1),
        overdue_max=number(values, "OVERDUE_MAX", int, minimum=0),
        max_attempts=number(values, "MAX_ATTEMPTS", int, minimum=1),
    )
    if SMS_HTTP in config.channels:
        check_sms_settings(config)
    if EMAIL in config.channels and config.email_from:
        try:
            validate_email(config.email_from.rpartition("<")[2].rstrip(">").strip())
        except ValidationError:
            raise ImproperlyConfigured(_("NOTICES EMAIL_FROM must be an e-mail address.")) from None
    return config


def number(values: Mapping[str, Any], name: str, kind: type[int] | type[float], *, minimum: float) -> Any:
    try:
        value = kind(values[name])
    except (TypeError, ValueError):
        value = None
    if value is None or value < minimum:
        raise ImproperlyConfigured(
            _("NOTICES %(name)s must be a number of at least %(minimum)s, not “%(value)s”.")
            % {"name": name, "minimum": minimum, "value": values[name]}
        )
    return value


def check_sms_settings(config: NoticeConfig) -> None:
    parts = urlsplit(config.sms_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(_("NOTICES SMS_URL must be the http(s) address of the SMS gateway."))
    if not config.signature:
        raise ImproperlyConfigured(
            _("NOTICES SMS_SIGNATURE must name the library, e.g. 【醴陵市图书馆】: operators refuse unsigned SMS.")
        )


# ---- channels ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What a channel says about one message: sent, or why not (a text without personal data)."""

    ok: bool
    error: str = ""


class Channel(Protocol):
    name: str

    def send(self, address: str, text: str, *, reference: str, kind: str) -> Delivery:
        """Send ``text`` to ``address`` (a mobile number, or an e-mail address)."""
        ...


class SmsHttpChannel:
    """POST one JSON message to the SMS platform's HTTP API. Any 2xx answer is accepted unless its
    JSON body says ``"ok": false`` (or ``"success": false``); anything else is a failure to retry."""

    name = SMS_HTTP

    def __init__(self, config: NoticeConfig) -> None:
        self.url = config.sms_url
        self.token = config.sms_token
        self.signature = config.signature
        self.timeout = config.timeout

    def send(self, phone: str, text: str, *, reference: str, kind: str) -> Delivery:
        body = {"phone": phone, "message": text, "signature": self.signature, "reference": reference, "kind": kind}
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8", **self.authorization()},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, answer = response.status, response.read(4096)
        except urllib.error.HTTPError as exc:
            exc.close()
            return self.failed(reference, f"HTTP {exc.code}")
        except TimeoutError:
            return self.failed(reference, "timeout")
        except urllib.error.URLError as exc:
            return self.failed(reference, network_error(exc.reason))
        except OSError as exc:
            return self.failed(reference, network_error(exc))
        refusal = refusal_in(answer)
        if refusal is not None:
            return self.failed(reference, f"refused by the gateway (HTTP {status}{refusal})")
        logger.info("%s: accepted by the SMS gateway (HTTP %s)", reference, status)
        return Delivery(ok=True)

    def authorization(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def failed(self, reference: str, error: str) -> Delivery:
        logger.warning("%s: not delivered: %s", reference, error)
        return Delivery(ok=False, error=error)


class EmailChannel:
    """One e-mail per message through Django's configured mail backend (``EMAIL_BACKEND``, SMTP by
    default; ``EMAIL_HOST`` and the rest from the environment, see settings.py). The subject names
    the kind of notice behind the library's signature; the body is the same text as the SMS."""

    name = EMAIL

    def __init__(self, config: NoticeConfig) -> None:
        self.sender = config.email_from or settings.DEFAULT_FROM_EMAIL
        self.signature = config.signature

    def send(self, address: str, text: str, *, reference: str, kind: str) -> Delivery:
        with translation.override(settings.LANGUAGE_CODE):
            subject = self.signature + str(notice_texts.SUBJECTS[kind])
        message = EmailMessage(
            subject=subject,
            body=text,
            from_email=self.sender,
            to=[address],
            headers={"X-Shuyuan-Notice": reference},
        )
        try:
            sent = message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused:
            return self.failed(reference, "mail: refused")
        except smtplib.SMTPException as exc:
            return self.failed(reference, f"mail: error ({type(exc).__name__})")
        except OSError as exc:
            return self.failed(reference, "mail: " + network_error(exc))
        if not sent:
            return self.failed(reference, "mail: refused")
        logger.info("%s: accepted by the mail server", reference)
        return Delivery(ok=True)

    def failed(self, reference: str, error: str) -> Delivery:
        logger.warning("%s: not delivered: %s", reference, error)
        return Delivery(ok=False, error=error)


def network_error(reason: Any) -> str:
    if isinstance(reason, TimeoutError):
        return "timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    return f"network error ({type(reason).__name__})"


# What a delivery failure is stored as (``Notice.last_error``: plain, the same in every language, and
# never with a phone number in it), and how the staff page says it.
STORED_ERRORS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"HTTP (?P<code>\d{3})"), lambda: _("the SMS gateway answered HTTP %(code)s")),
    (re.compile(r"timeout"), lambda: _("the SMS gateway did not answer in time")),
    (re.compile(r"connection refused"), lambda: _("the SMS gateway refused the connection")),
    (re.compile(r"unknown host"), lambda: _("the SMS gateway's host name is unknown")),
    (re.compile(r"network error \((?P<kind>\w+)\)"), lambda: _("network error (%(kind)s)")),
    (
        re.compile(r"refused by the gateway \(HTTP (?P<code>\d{3}), (?P<error>[A-Za-z_.\-]+)\)"),
        lambda: _("the SMS gateway refused the message (HTTP %(code)s, error code %(error)s)"),
    ),
    (
        re.compile(r"refused by the gateway \(HTTP (?P<code>\d{3})\)"),
        lambda: _("the SMS gateway refused the message (HTTP %(code)s)"),
    ),
    (re.compile(r"mail: refused"), lambda: _("the mail server refused the message")),
    (re.compile(r"mail: timeout"), lambda: _("the mail server did not answer in time")),
    (re.compile(r"mail: connection refused"), lambda: _("the mail server refused the connection")),
    (re.compile(r"mail: unknown host"), lambda: _("the mail server's host name is unknown")),
    (re.compile(r"mail: (?:error|network error) \((?P<kind>\w+)\)"), lambda: _("mail error (%(kind)s)")),
    (re.compile(r"channel not configured"), lambda: _("the channel the reader chose is not configured")),
    (re.compile(r"interrupted"), lambda: _("the sending run was interrupted")),
    (re.compile(r"unexpected error \((?P<kind>\w+)\)"), lambda: _("unexpected error (%(kind)s)")),
)


def describe_error(stored: str) -> str:
    """A stored delivery error in the active language; text of an unknown form as it is."""
    for pattern, sentence in STORED_ERRORS:
        found = pattern.fullmatch(stored)
        if found:
            return str(sentence()) % found.groupdict()
    return stored


def refusal_in(answer: bytes) -> str | None:
    """``None`` if the gateway's body does not refuse the message, else ``", <code>"`` or ``""``.
    The code is kept only when it has no digits, so it cannot be the phone number echoed back."""
    try:
        body = json.loads(answer.decode("utf-8")) if answer.strip() else None
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(body, dict) or (body.get("ok") is not False and body.get("success") is not False):
        return None
    code = str(body.get("error") or body.get("code") or "")
    return f", {code}" if ERROR_CODE.match(code) else ""


def channels_for(config: NoticeConfig) -> dict[str, Channel]:
    """The configured channels by the reader's choice they serve (``{"sms": …, "email": …}``); empty
    when none is configured: notices then wait unsent, for the reader's account and the staff. A
    reader whose chosen channel is not configured waits likewise."""
    made: dict[str, Channel] = {}
    if SMS_HTTP in config.channels:
        made["sms"] = SmsHttpChannel(config)
    if EMAIL in config.channels:
        made["email"] = EmailChannel(config)
    return made


def mobile_number(*encrypted: str) -> str | None:
    """The first of the encrypted phones (the reader's own, then a guardian's) that is a mainland
    mobile number, decrypted; a landline cannot receive an SMS. ValueError if a key is missing."""
    for token in encrypted:
        if token:
            phone = normalize_phone(decrypt(token))
            if is_mobile(phone):
                return phone
    return None


# ---- texts -------------------------------------------------------------------------------------


def short_title(title: str) -> str:
    title = " ".join(str(title).split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def books(titles: list[str]) -> str:
    first = f"《{short_title(titles[0])}》" if titles and titles[0] else _("a book")
    if len(titles) < 2:
        return first
    return _("%(first)s and others (%(total)d items)") % {"first": first, "total": len(titles)}


def day(value: str | date | None) -> str:
    if not value:
        return "?"
    when = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return _("%(month)d/%(day)d") % {"month": when.month, "day": when.day}


def compose(
    kind: str,
    *,
    titles: list[str],
    detail: Mapping[str, Any],
    step: int,
    signature: str,
    template: str | None = None,
) -> str:
    """The text of a notice (or of several reminders of one reader bundled into one message), in
    the site's language, behind the library's signature: staff's ``template`` when there is one
    (checked when it was saved), else the built-in text."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "books": books(titles),
            "due": day(detail.get("due")),
            "step": step,
            "branch": detail.get("branch", ""),
            "collect_by": day(detail.get("collect_by")),
            "first": day(detail.get("first")),
            "last": day(detail.get("last")),
        }
        return signature + notice_texts.render(template or notice_texts.default_template(kind), values)
