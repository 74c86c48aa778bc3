"""Pure policy: the sign-up status of an activity, volunteers' ages and hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GUARDIAN_BELOW_AGE = 14
ADULT_AGE = 18


class SignupStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("no sign-up needed")
    NOT_YET_OPEN = "not_yet_open", _("not yet open")
    OPEN = "open", pgettext_lazy("activity", "open")
    WAITING_LIST = "waiting_list", _("waiting list")
    FULL = "full", pgettext_lazy("activity", "full")
    CLOSED = "closed", pgettext_lazy("activity", "closed")


def signup_status(
    now: datetime,
    *,
    needs_signup: bool,
    opens_at: datetime | None,
    closes_at: datetime | None,
    starts_at: datetime,
    capacity: int | None,
    waiting_list_size: int,
    registered: int,
    waiting: int,
) -> SignupStatus:
    """Where an activity's sign-up stands: closed once the closing time or the start has passed,
    else open while places are free, then the waiting list while it has room, then full."""
    if not needs_signup:
        return SignupStatus.NOT_NEEDED
    if opens_at is not None and now < opens_at:
        return SignupStatus.NOT_YET_OPEN
    if now >= (closes_at or starts_at):
        return SignupStatus.CLOSED
    if capacity is None or registered < capacity:
        return SignupStatus.OPEN
    if waiting < waiting_list_size:
        return SignupStatus.WAITING_LIST
    return SignupStatus.FULL


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def needs_guardian(birth: date | None, today: date) -> bool:
    return birth is not None and age_on(birth, today) < GUARDIAN_BELOW_AGE


def hours(checked_in_at: datetime, checked_out_at: datetime) -> Decimal:
    """Hours of one shift, from the real times, to a tenth of an hour (rounded half up)."""
    minutes = (checked_out_at - checked_in_at) / timedelta(minutes=1)
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
