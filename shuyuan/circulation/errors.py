"""Why circulation refuses something: one reason per case, its label is the message a person reads.

The desk shows ``refusal.message``; the SIP2 handler maps ``refusal.reason`` to its fields and screen
message; the API returns both. A service never returns HTTP or SIP.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(models.TextChoices):
    # look-ups (adapters resolve barcodes and card numbers; a checkout and a check-in may take the codes scanned)
    UNKNOWN_ITEM = "unknown_item", _("No item has this barcode.")
    UNKNOWN_PATRON = "unknown_patron", _("No reader has this card number.")
    # the reader
    PATRON_PENDING = "patron_pending", _("The reader's registration has not been confirmed yet.")
    PATRON_EXPIRED = "patron_expired", _("The reader's card has expired.")
    PATRON_CLOSED = "patron_closed", _("The reader's card is closed.")
    PATRON_BLOCKED = "patron_blocked", _("The reader is blocked from borrowing.")
    PATRON_SUSPENDED = "patron_suspended", _("The reader's borrowing is suspended after an overdue return.")
    PATRON_ON_OVERDUE_LIST = (
        "patron_on_overdue_list",
        _("The reader is on the list of repeated long overdues; staff must lift it first."),
    )
    PATRON_HAS_OVERDUE = "patron_has_overdue", _("The reader has overdue items; return them first.")
    PATRON_OWES_COMPENSATION = "patron_owes_compensation", _("The reader has a lost or damaged item to compensate.")
    PATRON_OWES_FEES = "patron_owes_fees", _("The reader's unpaid fees have reached the limit.")
    LOAN_LIMIT = "loan_limit", _("The reader has reached the maximum number of loans.")
    TYPE_LIMIT = "type_limit", _("The reader has reached the maximum number of loans of this item type.")
    NOT_A_GROUP = "not_a_group", _("Only group borrowers may take a group loan.")
    # the item
    ITEM_NOT_LOANABLE = "item_not_loanable", _("This item is not for loan.")
    ITEM_ON_LOAN = "item_on_loan", _("This item is already on loan.")
    ITEM_ON_LOAN_TO_PATRON = "item_on_loan_to_patron", _("The reader already has this item on loan.")
    ITEM_HELD_FOR_ANOTHER = "item_held_for_another", _("This item is on the hold shelf for another reader.")
    ITEM_IN_TRANSIT = "item_in_transit", _("This item is in transit; receive it first.")
    ITEM_NOT_AVAILABLE = "item_not_available", _("This item is not available for circulation.")
    ITEM_WITHDRAWN = "item_withdrawn", _("This item has been withdrawn.")
    ITEM_NOT_ON_LOAN = "item_not_on_loan", _("This item is not on loan.")
    # renewals
    RENEWAL_LIMIT = "renewal_limit", _("The loan has been renewed the maximum number of times.")
    RENEWAL_OVERDUE = "renewal_overdue", _("An overdue loan cannot be renewed.")
    RENEWAL_ON_HOLD = "renewal_on_hold", _("Another reader is waiting for this item.")
    RENEWAL_TOO_EARLY = "renewal_too_early", _("The renewal would not move the due date.")
    LOAN_CLOSED = "loan_closed", _("This loan is already closed.")
    # holds
    HOLDS_NOT_ALLOWED = "holds_not_allowed", _("Holds are not allowed for this reader and material.")
    HOLD_LIMIT = "hold_limit", _("The reader has reached the maximum number of holds.")
    ALREADY_HOLDS = "already_holds", _("The reader already has a hold on this title.")
    HOLD_ON_OWN_LOAN = "hold_on_own_loan", _("The reader already has this item on loan.")
    NO_LOANABLE_COPY = "no_loanable_copy", _("This title has no copy that can be lent.")
    HOLD_ITEM_OF_OTHER_RECORD = "hold_item_of_other_record", _("The item does not belong to this title.")
    HOLD_NOT_ACTIVE = "hold_not_active", _("This hold is no longer active.")
    PICKUP_BRANCH_INACTIVE = "pickup_branch_inactive", _("Holds cannot be collected at this branch.")
    # transfers
    SAME_BRANCH = "same_branch", _("The item is already at this branch.")
    NOT_IN_TRANSIT = "not_in_transit", _("This item is not in transit.")
    WRONG_BRANCH = "wrong_branch", _("This item is in transit to another branch.")
    EMPTY_BATCH = "empty_batch", _("A transfer batch needs at least one item.")
    BATCH_NOT_OPEN = "batch_not_open", _("This transfer batch has already been received.")
    COLLECTION_ELSEWHERE = "collection_elsewhere", _("This collection belongs to another branch.")
    # charges
    FEE_NOT_OPEN = "fee_not_open", _("This fee has already been paid or waived.")
    COMPENSATION_NOT_OPEN = "compensation_not_open", _("This compensation has already been settled.")
    NOTHING_TO_LIFT = "nothing_to_lift", _("There is nothing to lift.")
    # readers' data
    SAME_PATRON = "same_patron", _("A reader cannot be merged into itself.")
    HISTORY_OFF = "history_off", _("The reader has not turned on their reading history.")
    # rules and migration
    DUPLICATE_RULE = "duplicate_rule", _("A rule for this reader category, item type and branch already exists.")
    BAD_IMPORT = "bad_import", _("The import file has errors; nothing was imported.")


class CirculationRefused(Exception):
    """A refusal: ``reason`` for programs, ``message`` for people, ``detail`` for specifics
    (the barcodes of a refused batch, the line numbers of a bad import)."""

    def __init__(self, reason: Reason, **detail: Any) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(reason.value)

    @property
    def message(self) -> str:
        return str(self.reason.label)

    def __str__(self) -> str:
        return f"{self.reason.value}: {self.message}"


class CheckoutRefused(CirculationRefused):
    pass


class CheckinRefused(CirculationRefused):
    pass


class RenewalRefused(CirculationRefused):
    pass


class HoldRefused(CirculationRefused):
    pass


class TransferRefused(CirculationRefused):
    pass


class ChargeRefused(CirculationRefused):
    pass


class TemplateProblem(models.TextChoices):
    """Why a notice template is refused; the message names the placeholder or the place."""

    UNKNOWN_KIND = "unknown_kind", _("There is no such kind of notice.")
    EMPTY = "empty", _("The template is empty.")
    TOO_LONG = "too_long", _("The template is longer than %(max)d characters.")
    CONTROL = "control", _("The template holds control characters.")
    UNCLOSED = "unclosed", _("The “{” at character %(position)d has no matching “}”. Write {{ for a brace itself.")
    UNOPENED = "unopened", _("The “}” at character %(position)d has no “{” before it. Write }} for a brace itself.")
    UNKNOWN = "unknown", _("Unknown placeholder {%(name)s}.")
    NOT_HERE = "not_here", _("The placeholder {%(name)s} has no value in this kind of notice; it can use %(allowed)s.")


class TemplateRefused(Refused):
    """A notice template that cannot be used: the stored one stays."""
