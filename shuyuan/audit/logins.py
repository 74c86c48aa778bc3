"""Staff logins are throttled per account and per client address, and every failure is audited.

``SHUYUAN["LOGIN"]``: ``MAX_FAILURES`` wrong passwords for one account within ``WINDOW_MINUTES``
lock that account for ``LOCK_MINUTES``; ``MAX_FAILURES_PER_ADDRESS`` from one address lock the
address the same way (a guesser who tries many accounts). A locked login is refused before the
password is checked, so the right password does not get through either; staff wait or an
administrator logs in from elsewhere. Counts are database rows (several web processes share them),
keyed by keyed hashes; a successful login clears its account's count, not its address's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from shuyuan.audit import log
from shuyuan.audit.models import LoginFailures
from shuyuan.keys import keyed_hash


@dataclass(frozen=True)
class LoginSettings:
    max_failures: int = 5
    max_failures_per_address: int = 20
    window_minutes: int = 15
    lock_minutes: int = 15
    client_ip_header: str = ""  # e.g. "X-Forwarded-For" behind a reverse proxy


def login_settings() -> LoginSettings:
    overrides: dict[str, Any] = getattr(settings, "SHUYUAN", {}).get("LOGIN", {})
    known = set(LoginSettings.__dataclass_fields__)
    return LoginSettings(**{k.lower(): v for k, v in overrides.items() if k.lower() in known})


def account_key(username: str) -> str:
    return keyed_hash("staff-login-account", username.strip().casefold())


def address_key(address: str) -> str:
    return keyed_hash("staff-login-address", address)


def minutes_locked(username: str, address: str, *, at: datetime) -> int:
    """Minutes until this account or address may try again; 0 when it may now."""
    until = (
        LoginFailures.objects.filter(key__in=[account_key(username), address_key(address)], locked_until__gt=at)
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    return max(1, math.ceil((until - at).total_seconds() / 60)) if until else 0


@transaction.atomic(durable=True)
def fail(username: str, address: str, *, at: datetime) -> None:
    """Count a failed login against its account and its address, lock past the limits, audit it.
    The user name is recorded only when such an account exists (people type passwords into it)."""
    config = login_settings()
    window = timedelta(minutes=config.window_minutes)
    locked = []
    for key, allowed, what in (
        (account_key(username), config.max_failures, "account"),
        (address_key(address), config.max_failures_per_address, "address"),
    ):
        row, _created = LoginFailures.objects.select_for_update().get_or_create(
            key=key, defaults={"last_failure_at": at}
        )
        row.failures = 1 if at - row.last_failure_at > window else row.failures + 1
        row.last_failure_at = at
        if allowed > 0 and row.failures >= allowed:
            row.locked_until = at + timedelta(minutes=config.lock_minutes)
            locked.append(what)
        row.save()
    known = get_user_model().objects.filter(username=username).exists()
    detail = {"username": username if known else "", "address": address, "locked": locked}
    log.record("staff.login_failed", at=at, by=None, detail=detail)


@transaction.atomic(durable=True)
def succeed(username: str, *, at: datetime) -> None:
    LoginFailures.objects.filter(key=account_key(username)).delete()
