"""Masked forms of personal numbers and names for screens and exports (DESIGN.md 4a).

A masked value keeps the same length, so a reader can recognise their own number, and never shows
more than a fixed prefix and suffix: a screen that also shows the last six digits for look-up, or an
age, still cannot add up to the full number.
"""

from __future__ import annotations

import re
import unicodedata

MASK = "*"

_PHONE_SEPARATORS = re.compile(r"[\s\-()（）]+")


def mask_id(number: str) -> str:
    """``430281196001011235`` → ``4302************35``.

    Numbers of 12 characters or more keep their first four and last two characters; shorter ones
    (passports) keep only the first and the last, so most of the number stays hidden.
    """
    number = number or ""
    if len(number) >= 12:
        return _keep(number, 4, 2)
    if len(number) >= 5:
        return _keep(number, 1, 1)
    return MASK * len(number)


def normalize_phone(raw: str) -> str:
    """Digits only, without the +86 / 0086 country prefix of a mainland mobile number."""
    phone = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix):
            phone = phone[len(prefix) :]
    if phone.startswith("86") and len(phone) == 13 and phone[2] == "1":
        phone = phone[2:]
    return phone


_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def is_mobile(phone: str) -> bool:
    """Whether a normalized phone number is a mainland mobile number (a landline receives no SMS)."""
    return bool(_MOBILE.match(phone))


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; a landline keeps its first three and last four digits too,
    and a number too short for that keeps only its last two."""
    phone = phone or ""
    if len(phone) >= 9:
        return _keep(phone, 3, 4)
    if len(phone) >= 4:
        return _keep(phone, 0, 2)
    return MASK * len(phone)


def mask_card(value: str) -> str:
    """``LL00001234`` → ``LL******34``: enough to tell a reader's cards apart in the audit log, not
    enough to find the reader by (the audit log outlives the erasure of the reader)."""
    value = value or ""
    if len(value) >= 6:
        return _keep(value, 2, 2)
    return MASK * len(value)


def mask_name(name: str) -> str:
    """``张三`` → ``张*``, ``欧阳小明`` → ``欧***``: first character only (kiosk screens)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + MASK * (len(name) - 1)


def mask_email(address: str) -> str:
    """``zhangsan@163.com`` → ``z*******@163.com``: the first character of the mailbox and the domain,
    enough for the reader to recognise the address, not enough to write to it."""
    address = (address or "").strip()
    local, at, domain = address.rpartition("@")
    if not at:
        return MASK * len(address)
    return (local[:1] + MASK * (len(local) - 1) if len(local) > 1 else MASK * len(local)) + "@" + domain


def _keep(value: str, head: int, tail: int) -> str:
    hidden = len(value) - head - tail
    return value[:head] + MASK * hidden + (value[-tail:] if tail else "")
