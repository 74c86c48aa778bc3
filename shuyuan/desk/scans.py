"""What a scanner or keyboard typed, cleaned: a scanner's framing taken off, anything else that is
not a plain number or code refused with a reason a person reads."""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 64  # the longest card value or barcode the library stores
# A scanner's framing: an AIM symbology identifier in front (]C1, ]E0, ]Q1 …) and start and end
# characters (STX, ETX, EOT, GS, RS, FS), carriage returns, line feeds and tabs around the value.
_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_FRAMING = " \t\r\n\x02\x03\x04\x1c\x1d\x1e"


class Malformed(models.TextChoices):
    EMPTY = "empty", _("Nothing was scanned.")
    TOO_LONG = "too_long", _("The scan is too long to be a card or a barcode; scan again.")
    CONTROL = "control", _("The scan contains control characters; scan again.")


class MalformedScan(Exception):
    def __init__(self, reason: Malformed) -> None:
        self.reason = reason
        super().__init__(reason.value)

    @property
    def message(self) -> str:
        return str(self.reason.label)


def clean(raw: str) -> str:
    """The value inside a scan: full-width characters made plain (an input method left on), a
    scanner's prefix and suffix taken off. Raises MalformedScan."""
    if len(raw) > 4 * MAX_LENGTH:
        raise MalformedScan(Malformed.TOO_LONG)
    value = unicodedata.normalize("NFKC", raw).strip(_FRAMING)
    value = _AIM.sub("", value, count=1).strip(_FRAMING)
    if not value:
        raise MalformedScan(Malformed.EMPTY)
    if len(value) > MAX_LENGTH:
        raise MalformedScan(Malformed.TOO_LONG)
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in value):
        raise MalformedScan(Malformed.CONTROL)
    return value
