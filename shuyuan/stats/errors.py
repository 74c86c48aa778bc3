"""Why a statistics question is refused; each reason is the Chinese sentence staff see."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(models.TextChoices):
    PERIOD_REVERSED = "period_reversed", _("The period ends (%(last)s) before it starts (%(first)s).")
    FUTURE_PERIOD = "future_period", _("The period starting %(first)s lies in the future.")
    BAD_DATE = "bad_date", _("%(value)s is not a date (write it as 2016-01-31).")
    UNKNOWN_MEASURE = "unknown_measure", _("There is no figure called %(name)s.")
    DIMENSION_NOT_ALLOWED = (
        "dimension_not_allowed",
        _("%(measure)s cannot be broken down by %(dimension)s."),
    )
    BAD_KEY = "bad_key", _("%(value)s is not a value of %(dimension)s.")
    UNKNOWN_MANUAL = "unknown_manual", _("There is no hand-entered figure called %(name)s.")
    NEGATIVE = "negative", _("A figure cannot be negative.")
    NO_SOURCE = "no_source", _("Say where the figure comes from.")
    BAD_FILE = "bad_file", _("The file cannot be read as a spreadsheet.")
    BAD_CELLS = "bad_cells", _("%(count)s cells were refused; nothing was imported.")
    EMPTY_FILE = "empty_file", _("The file holds no figures.")
    MISSING_COLUMN = "missing_column", _("The file has no column %(column)s.")
    FOREIGN_BRANCH = "foreign_branch", _("This branch is not one of yours.")
    ROLLUP_RUNNING = (
        "rollup_running",
        _("Another roll-up run is in progress (the nightly timer or one started by hand); this one did not run."),
    )


class StatsRefusal(Refused):
    pass
