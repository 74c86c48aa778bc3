"""Why the catalogue refuses something, and what an import report can say about a record or row."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from shuyuan.catalog.marc.problems import Problem


class Reason(TextChoices):
    DUPLICATE_BARCODE = "duplicate_barcode", _("the barcode is already used by another item")
    BARCODE_TWICE_IN_FILE = "barcode_twice_in_file", _("the barcode appears twice in this file")
    OLD_BARCODE_TAKEN = "old_barcode_taken", _("the old barcode already belongs to another item")
    BARCODE_IS_CARD = "barcode_is_card", _("the barcode is, or looks like, a reader's card number")
    MISSING_COLUMN = "missing_column", _("a mapped column is missing from the file")
    NO_TITLE_COLUMN = "no_title_column", _("no column is mapped to the title")
    UNREADABLE_FILE = "unreadable_file", _("the file cannot be read")
    UNKNOWN_BRANCH = "unknown_branch", _("unknown branch code; the default branch was used")
    UNKNOWN_COLLECTION = "unknown_collection", _("unknown collection code; the default collection was used")
    UNKNOWN_ITEM_TYPE = "unknown_item_type", _("unknown item type code; the default item type was used")
    NO_DEFAULTS = (
        "no_defaults",
        _(
            "the copies were not placed: the library has no branch, collection or item type for them yet. "
            "The records were imported; create what is missing, then import the file again to add the "
            "copies (its records are matched, not repeated), or name a branch and a collection for the "
            "import (--branch, --collection)"
        ),
    )
    BAD_VALUE = "bad_value", _("a value could not be read and was left empty")


SKIPPING_REASONS = frozenset({Reason.UNREADABLE_FILE, Reason.MISSING_COLUMN, Reason.NO_TITLE_COLUMN})
_LABELS = {**dict(Problem.choices), **dict(Reason.choices)}


def reason_label(code: str) -> str:
    return str(_LABELS.get(code, code))


class CatalogRefused(Exception):
    """A catalogue service refused: ``reason`` says why (translated label for people), ``detail`` names what."""

    def __init__(self, reason: Reason | Problem, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason.label}{': ' + detail if detail else ''}")
