from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Reason(TextChoices):
    INVALID_NUMBER = "invalid_number", _("An ISSN or CN number is not valid.")
    NO_IDENTIFIER = "no_identifier", _("A subscription needs an ISSN or a CN number.")
    ALREADY_SUBSCRIBED = "already_subscribed", _("This title is already subscribed for that year in that reading room.")
    WRONG_YEAR = "wrong_year", _("The first issue must fall in the subscription's year.")
    BAD_PATTERN = "bad_pattern", _("The publication pattern is not valid.")
    NO_ISSUES = "no_issues", _("The publication pattern gives no issue in the year.")
    ALREADY_RECEIVED = "already_received", _("This issue has already been checked in.")
    NOT_FOUND = "not_found", _("No subscription of this year matches what was scanned.")
    ALL_RECEIVED = "all_received", _("Every issue of this subscription has already been checked in.")
    CLAIM_RECEIVED = "claim_received", _("A received issue cannot be claimed.")
    NOTHING_TO_CLAIM = "nothing_to_claim", _("Choose the issues to claim.")
    NOTHING_TO_BIND = "nothing_to_bind", _("There are no received issues left to bind.")
    NOTHING_TO_RENEW = "nothing_to_renew", _("Every subscription of that year has already been renewed.")
    SUPPLIER_EXISTS = "supplier_exists", _("A supplier of that name already exists.")
    NEEDS_NAME = "needs_name", _("A name is needed.")


class SerialsRefused(Exception):
    """A refusal with its reason; ``detail`` adds the particulars (a number, a title) when there are some."""

    def __init__(self, reason: Reason, detail: Any = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = str(detail)

    @property
    def message(self) -> str:
        text = str(self.reason.label)
        return f"{text} {self.detail}" if self.detail else text
