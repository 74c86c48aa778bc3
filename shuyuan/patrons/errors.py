"""Why a readers' service refuses; each reason has the Chinese sentence staff, kiosk or reader sees."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.patrons.iddocs import IdReason, InvalidIdNumber
from shuyuan.refusals import Refused

__all__ = ["IdReason", "InvalidIdNumber", "PatronRefused", "Reason"]


class Reason(models.TextChoices):
    ALREADY_REGISTERED = "already_registered", _("This person already has a reader card.")
    ID_DOCUMENT_REQUIRED = "id_document_required", _("A reader registers with an ID document.")
    MANUAL_CHECK_REQUIRED = (
        "manual_check_required",
        _("This document cannot be checked by machine: staff must compare it with the number and confirm."),
    )
    DOCUMENT_NOT_ACCEPTED_HERE = (
        "document_not_accepted_here",
        _("This kind of document is registered at the service desk."),
    )
    DOCUMENT_EXPIRED = "document_expired", _("The ID document has expired.")
    DATA_MISMATCH = "data_mismatch", _("The sex or birth date read from the card does not match the ID number.")
    GUARDIAN_REQUIRED = "guardian_required", _("A reader under %(age)d registers with a guardian.")
    GUARDIAN_CONSENT_REQUIRED = (
        "guardian_consent_required",
        _("The guardian must consent to the processing of the child's personal information."),
    )
    GUARDIAN_NOT_ADULT = "guardian_not_adult", _("The guardian must be an adult.")
    GUARDIAN_NOT_ACTIVE = "guardian_not_active", _("The guardian's reader record is not active.")
    CONTACT_REQUIRED = "contact_required", _("A group borrower needs a contact person.")
    CARD_FORM = "card_form", _("A new card number has the library's card form, such as %(example)s.")
    CARD_LIKE_ITEM = (
        "card_like_item",
        _("This card number is, or looks like, a book's barcode; a scan could not tell them apart."),
    )
    PIN_FORMAT = "pin_format", _("The PIN must have exactly %(length)d digits.")
    PIN_TOO_SIMPLE = "pin_too_simple", _("This PIN is too easy to guess; choose another.")
    PIN_WRONG = "pin_wrong", _("The PIN is wrong.")
    PIN_LOCKED = "pin_locked", _("Too many wrong PINs: PIN checks are locked for a while; staff can reset the PIN.")
    PIN_NOT_SET = "pin_not_set", _("This reader has no PIN yet; staff can set one.")
    NAME_REQUIRED = "name_required", _("Enter the name.")
    NAME_CHARACTERS = (
        "name_characters",
        _("The name holds invisible or control characters (such as right-to-left or zero-width marks)."),
    )
    PHONE_FORMAT = "phone_format", _("A phone number has only digits (and spaces, hyphens or a leading +86).")
    CARD_FORMAT = "card_format", _("A card number has only letters, digits and hyphens (at most 30).")
    PIN_REQUIRED = "pin_required", _("Choose a PIN: it protects your account and the self-check kiosks ask for it.")
    OLD_ID_AT_KIOSK = (
        "old_id_at_kiosk",
        _("A second-generation ID card carries an 18-digit number; a 15-digit number is registered at the desk."),
    )
    NAME_FORMULA = (
        "name_formula",
        _("A name cannot start with =, +, - or @ (spreadsheets would take it for a formula)."),
    )
    PERSONAL_NUMBER_IN_TEXT = (
        "personal_number_in_text",
        _("Do not write ID or phone numbers here: they belong in their own fields, where they are protected."),
    )
    EMAIL_FORMAT = "email_format", _("This is not a valid e-mail address.")
    EMAIL_REQUIRED = "email_required", _("To receive notices by e-mail, give an e-mail address.")
    CHANNEL_UNKNOWN = "channel_unknown", _("Choose SMS, e-mail or no messages.")
    NOT_ALLOWED = "not_allowed", _("You are not allowed to do this.")
    CARD_NOT_FOUND = "card_not_found", _("No reader has this card or ID number.")
    CARD_LOST = "card_lost", _("This card has been reported lost.")
    CARD_NOT_ACTIVE = "card_not_active", _("This card is no longer in use.")
    ECARD_EXPIRED = "ecard_expired", _("This e-card code has expired: refresh the code on the phone and scan again.")
    ECARD_FORGED = "ecard_forged", _("This is not a valid e-card code of this library.")
    CARD_IN_USE = "card_in_use", _("This card number is already in use.")
    NOT_PENDING = "not_pending", _("This registration is not waiting for confirmation.")
    APPLICATION_MISMATCH = (
        "application_mismatch",
        _("The online application for this ID number does not match the ID card: please go to the service desk."),
    )
    NAME_MISMATCH = (
        "name_mismatch",
        _("The name does not match the reader record of this ID number: please go to the service desk."),
    )
    TOO_MANY_LOOKUPS = (
        "too_many_lookups",
        _("This kiosk has answered too many registered readers; please go to the service desk."),
    )
    AWAITING_CONFIRMATION = (
        "awaiting_confirmation",
        _("This online registration waits for confirmation: bring the ID document to the desk."),
    )
    CARD_EXPIRED = "card_expired", _("The reader card has expired; renew it at the desk.")
    NOT_ACTIVE = "not_active", _("This reader record is closed.")
    SAME_RECORD = "same_record", _("A record cannot be merged with itself.")
    DIFFERENT_PEOPLE = "different_people", _("The two records hold different ID documents of the same type.")
    ALREADY_LIFTED = "already_lifted", _("This block has already been lifted.")
    NO_DEPOSIT = "no_deposit", _("This reader has no deposit from the old system.")
    DEPOSIT_AMOUNT = "deposit_amount", _("The refund must be more than zero and at most the deposit held.")
    CATEGORY_MISMATCH = "category_mismatch", _("This category is for readers of another kind.")
    # erasure of a reader's personal data (PIPL art. 47)
    ERASURE_REASON_REQUIRED = "erasure_reason_required", _("Say why the reader's personal data is deleted.")
    HAS_OPEN_LOANS = (
        "has_open_loans",
        _("The reader still has %(count)d item(s) on loan: they must be returned before the data is deleted."),
    )
    HAS_DISPUTED_LOANS = (
        "has_disputed_loans",
        _("The reader says %(count)d item(s) were returned that have not been found: settle this first."),
    )
    OWES_COMPENSATION = (
        "owes_compensation",
        _("The reader has %(count)d lost or damaged item(s) to compensate: settle them first."),
    )
    OWES_FEES = "owes_fees", _("The reader has %(count)d unpaid fee(s): have them paid or waived first.")
    DEPOSIT_HELD = (
        "deposit_held",
        _("The library still holds a deposit of %(amount)s yuan for this reader: refund it first."),
    )
    GUARDIAN_OF_CHILD = (
        "guardian_of_child",
        _("This reader is the registered guardian of %(count)d reader(s) under %(age)d: settle their records first."),
    )
    OFFLINE_CONFLICT = (
        "offline_conflict",
        _("A kiosk's off-line transaction with this reader is not settled yet: settle it first."),
    )
    # the online registration form
    TOO_MANY_FROM_HERE = (
        "too_many_from_here",
        _("Too many applications from this network. Please try again in %(minutes)d minutes."),
    )
    TOO_MANY_FOR_DOCUMENT = (
        "too_many_for_document",
        _("This ID number has been submitted too often. Please try again in %(minutes)d minutes."),
    )


class PatronRefused(Refused):
    """A readers' service said no; ``patron`` is the record concerned when there is one."""

    def __init__(self, reason: Reason, *, patron: Any = None, **params: Any) -> None:
        super().__init__(reason, **params)
        self.patron = patron
