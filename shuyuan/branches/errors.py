"""Why a calendar service refuses; each reason has the Chinese sentence staff see."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(models.TextChoices):
    CLOSURE_REVERSED = "closure_reversed", _("The last day is before the first day.")
    CLOSURE_TOO_LONG = (
        "closure_too_long",
        _("A closure lasts at most %(days)d days; check the dates (a longer renovation is entered in parts)."),
    )
    PERSONAL_NUMBER_IN_TEXT = (
        "personal_number_in_text",
        _("Do not write ID or phone numbers here: they belong in their own fields, where they are protected."),
    )
    CLOSURE_OUT_OF_RANGE = (
        "closure_out_of_range",
        _("A closure must lie between %(first)s and %(last)s; check the year."),
    )


class CalendarRefused(Refused):
    """A calendar service said no."""
