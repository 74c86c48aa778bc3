"""The readers' settings: ``settings.SHUYUAN["PATRONS"]`` overrides any of these defaults."""

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class PatronSettings:
    # The form of new card numbers (prefix, digits, check digit) is SHUYUAN["NUMBERS"]["CARD"]: shuyuan/numbering.py
    card_valid_years: int = 5  # 0: cards never expire
    pin_length: int = 6  # digits of a PIN (many libraries issue 4; some use the last 6 of the ID number)
    pin_refuses_sequences: bool = True  # refuse 111111, 123456, 654321 (6789 with a 4-digit PIN)
    pin_refuses_id_digits: bool = True  # refuse the end of the reader's ID number or birth date
    pin_max_failures: int = 5  # wrong tries before PIN checks are locked
    pin_lock_minutes: int = 30
    guardian_age: int = 14  # under it a guardian must consent (PIPL art. 31)
    adult_age: int = 18  # a guardian must be at least this old
    online_needs_visit: bool = True  # online applications wait for the first visit
    pending_days: int = 30  # unconfirmed online applications lapse after this
    join_attempts_per_ip_hour: int = 10  # online form: submissions per client address and hour (0: no limit)
    join_attempts_per_id_day: int = 3  # online form: submissions of one ID number per day (0: no limit)
    kiosk_lookups_per_hour: int = 30  # registration kiosk: answers about registered readers per hour (0: no limit)
    join_client_ip_header: str = ""  # e.g. "X-Forwarded-For" behind a reverse proxy; empty: the socket address


def patron_settings() -> PatronSettings:
    overrides: dict[str, Any] = getattr(settings, "SHUYUAN", {}).get("PATRONS", {})
    known = {f.name for f in fields(PatronSettings)}
    return replace(PatronSettings(), **{k.lower(): v for k, v in overrides.items() if k.lower() in known})
