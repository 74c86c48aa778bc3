"""Why shelf work refuses a scan, a file line or a whole request; the label is the sentence a person reads."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(TextChoices):
    UNKNOWN_CODE = "unknown_code", _("No item has this barcode or RFID tag.")
    GARBLED_LINE = "garbled_line", _("This line cannot be read as a barcode or RFID tag.")
    ON_LOAN = "on_loan", _("The item is on loan: return it at the desk first.")
    WITHDRAWN = "withdrawn", _("The item has been withdrawn.")
    ALREADY_OFF_SHELF = "already_off_shelf", _("The item is already off the shelf, in processing.")
    ALREADY_ON_SHELF = "already_on_shelf", _("The item is already on the shelf.")
    IN_TRANSIT = "in_transit", _("The item is in transit: receive it at the desk first.")
    ON_HOLD_SHELF = "on_hold_shelf", _("The item is waiting on the hold shelf for a reader.")
    LOST = "lost", _("The item is recorded as lost by a reader: settle it at the desk first.")
    NO_CALL_NUMBER = "no_call_number", _("The item has no call number yet: give it one before shelving it.")
    INVENTORY_CLOSED = "inventory_closed", _("This inventory has been confirmed; start a new one.")
    ALREADY_SCANNED = "already_scanned", _("This item has already been scanned in this inventory.")
    NOTHING_READ = "nothing_read", _("Nothing was read: scan a barcode or choose a file.")
    BAD_TAG = "bad_tag", _("An RFID tag id is 8 to 64 hexadecimal digits.")
    TAG_TAKEN = "tag_taken", _("This RFID tag is already linked to item %(barcode)s.")
    IN_OTHER_BATCH = "in_other_batch", _("The item is already in weeding batch “%(batch)s”.")
    ALREADY_IN_BATCH = "already_in_batch", _("The item is already in this batch.")
    BATCH_NOT_DRAFT = "batch_not_draft", _("Only a batch being drawn up can be changed.")
    BATCH_NOT_SUBMITTED = "batch_not_submitted", _("Only a batch waiting for approval can be approved or sent back.")
    EMPTY_BATCH = "empty_batch", _("The batch has no items.")
    SAME_PERSON = "same_person", _("A weeding batch is approved by a second person, not by the one who drew it up.")
    ITEMS_ON_LOAN = (
        "items_on_loan",
        _("Items of the batch are on loan now: %(barcodes)s. Take them out of the batch first."),
    )
    BAD_RANGE = "bad_range", _("The call number range is back to front.")
    COLLECTION_OF_OTHER_BRANCH = "collection_of_other_branch", _("The collection belongs to another branch.")
    ITEM_OF_OTHER_BRANCH = "item_of_other_branch", _("The item belongs to a branch you do not work for.")


class ShelvingRefused(Refused):
    """A shelf-work service refused: ``reason`` says why, ``params`` fill its sentence."""
