"""Why a table is refused; each reason is the Chinese sentence staff read above the form."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(models.TextChoices):
    UNKNOWN_MEASURE = "unknown_measure", _("There is no figure called %(name)s.")
    UNKNOWN_DIMENSION = "unknown_dimension", _("%(measure)s cannot be broken down by %(name)s.")
    REPEATED_DIMENSION = "repeated_dimension", _("A breakdown is chosen twice.")
    TOO_MANY_DIMENSIONS = "too_many_dimensions", _("A table has at most %(most)s breakdowns.")
    UNKNOWN_FILTER = "unknown_filter", _("%(measure)s cannot be filtered by %(name)s.")
    BAD_FILTER_VALUE = "bad_filter_value", _("The filter value %(value)s is not a code of the list.")
    UNKNOWN_PERIOD = "unknown_period", _("There is no period called %(name)s.")
    BAD_DATE = "bad_date", _("%(value)s is not a date (write it as 2016-06-30).")
    FOREIGN_BRANCH = "foreign_branch", _("You see the figures of your own branches only.")
    UNKNOWN_BRANCH = "unknown_branch", _("There is no branch with the code %(code)s.")
    NO_BRANCH = "no_branch", _("Your account belongs to no branch; ask the director to give it one.")
    EMPTY_NAME = "empty_name", _("Give the table a name.")
    NOT_YOURS = "not_yours", _("This table belongs to someone else.")
    NO_RECIPIENTS = "no_recipients", _("Give at least one e-mail address.")
    BAD_RECIPIENT = "bad_recipient", _("%(address)s is not an e-mail address.")
    UNKNOWN_READY_TABLE = "unknown_ready_table", _("There is no ready table numbered %(code)s.")


class TableRefused(Refused):
    """A table that cannot be made as asked, with the reason."""
