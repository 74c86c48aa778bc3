"""Why acquisitions refuses something: each reason a sentence for the person at the desk."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Reason(TextChoices):
    INVALID_ISBN = "invalid_isbn", _("the ISBN is not valid")
    UNKNOWN_ISBN = "unknown_isbn", _("the ISBN is not in the catalogue; give the title with it")
    NOT_ON_ORDER = "not_on_order", _("the ISBN is not on any open order")
    MORE_THAN_ORDERED = "more_than_ordered", _("more copies than were ordered")
    FUND_OVERSPENT = "fund_overspent", _("the fund's budget would be overspent")
    BAD_LINE = "bad_line", _("a line of the file cannot be read")
    BARCODE_IN_USE = "barcode_in_use", _("the barcode is already used by a copy")
    BARCODE_TWICE = "barcode_twice", _("the barcode appears twice in the list")
    NOTHING_TO_DO = "nothing_to_do", _("there is nothing to do")
    ORDER_CLOSED = "order_closed", _("the order is closed or cancelled")
    MORE_THAN_OPEN = "more_than_open", _("more copies than are still open on the line")
    MORE_THAN_RECEIVED = "more_than_received", _("more copies than were received and not yet invoiced")
    ALREADY_DECIDED = "already_decided", _("the suggestion has already been answered")
    NEEDS_REASON = "needs_reason", _("a reason must be given")
    NEEDS_TITLE = "needs_title", _("give an ISBN or a title")
    FUND_CLOSED = "fund_closed", _("the fund has been rolled over and is closed")
    WRONG_YEAR = "wrong_year", _("the next year's fund must be for the following year")
    UNREADABLE_FILE = "unreadable_file", _("the file cannot be read")
    NOT_IN_POOL = "not_in_pool", _("fewer books are in the exchange pool than that")
    NOT_ACCEPTED = "not_accepted", _("the suggestion is not accepted, or it is already ordered")
    BAD_AMOUNT = "bad_amount", _("the amount must be a sum of yuan and fen, not negative")
    INVOICE_EXISTS = "invoice_exists", _("this vendor's invoice with that number is already recorded")
    BAD_COPIES = "bad_copies", _("the number of copies must be a whole number, at least 1")
    OTHER_VENDOR = "other_vendor", _("the order line was ordered from another vendor")


class AcquisitionsRefused(Exception):
    """A service refused: ``reason`` says why, ``detail`` names what (the line, the ISBN, the barcode)."""

    def __init__(self, reason: Reason, detail: str = "", problems: list[str] | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.problems = problems or []
        super().__init__(f"{reason.label}{': ' + detail if detail else ''}")

    @property
    def message(self) -> str:
        return str(self)
