"""Why an outreach service refuses; each reason has the Chinese sentence staff or the reader sees."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(models.TextChoices):
    SIGNUP_NOT_NEEDED = "signup_not_needed", _("This activity takes no sign-up: just come.")
    SIGNUP_NOT_OPEN = "signup_not_open", _("Sign-up for this activity opens at %(opens)s.")
    SIGNUP_CLOSED = "signup_closed", _("Sign-up for this activity is closed.")
    FULL = "full", _("All %(capacity)d places are taken and the waiting list is full.")
    ALREADY_SIGNED_UP = "already_signed_up", _("This reader has already signed up for this activity.")
    NOT_SIGNED_UP = "not_signed_up", _("This sign-up is already cancelled.")
    TICKET_UNKNOWN = "ticket_unknown", _("This ticket is not valid: no sign-up has this ticket number.")
    TICKET_OTHER_ACTIVITY = "ticket_other_activity", _("This ticket is for another activity: %(title)s.")
    TICKET_CANCELLED = "ticket_cancelled", _("This ticket's sign-up was cancelled.")
    TICKET_WAITING = "ticket_waiting", _("This ticket is on the waiting list and has no place yet.")
    TICKET_USED = "ticket_used", _("This ticket was already used: checked in at %(at)s.")
    READER_NOT_ACTIVE = "reader_not_active", _("This reader's card is not in use.")
    CARD_OR_PIN_WRONG = "card_or_pin_wrong", _("The card number or the PIN is wrong.")
    GUARDIAN_REQUIRED = "guardian_required", _("A volunteer under %(age)d registers with a guardian's name and phone.")
    BIRTH_DATE_FUTURE = "birth_date_future", _("The birth date is in the future.")
    NAME_REQUIRED = "name_required", _("Enter the name.")
    PHONE_FORMAT = "phone_format", _("A phone number has only digits (and spaces, hyphens or a leading +86).")
    SHIFT_NOT_STARTED = "shift_not_started", _("The volunteer has not checked in to this shift yet.")
    SHIFT_ALREADY_IN = "shift_already_in", _("The volunteer already checked in to this shift at %(at)s.")
    SHIFT_ALREADY_OUT = "shift_already_out", _("The volunteer already checked out of this shift.")
    ENDS_BEFORE_START = "ends_before_start", _("The end (%(end)s) is before the start (%(start)s).")
    NO_HOURS = "no_hours", _("This volunteer has no completed shifts in this period.")
    NOT_AN_IMAGE = "not_an_image", _("The file is not a photo (JPEG, PNG or WebP).")
    BRANCH_CODE_TAKEN = "branch_code_taken", _("A branch with code %(code)s exists already.")
    OPENING_DONE = "opening_done", _("This branch has opened already.")
    BARCODES_UNKNOWN = "barcodes_unknown", _("No copy has these barcodes: %(barcodes)s")
    NO_LENDING_DESK = "no_lending_desk", _("The central library or the branch has no lending desk.")
    NO_ITEMS = "no_items", _("Choose the books to move to the branch.")


class OutreachRefused(Refused):
    """An outreach service said no."""
