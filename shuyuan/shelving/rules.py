"""Pure policy of shelf work: which status a scan may change, how a handheld file's line is read,
which inventory finding an item falls under. Plain values in, plain values out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from shuyuan.catalog.models import Item
from shuyuan.shelving.errors import Reason

Status = Item.Status


class Action(TextChoices):
    """What a bulk scan does to each item, and the reason its status change records."""

    TAKE_OFF = "take_off", _("Take off the shelf for re-cataloguing")
    SHELVE = "shelve", _("Put back on the shelf")
    BINDING = "binding", _("Send to binding")


# The reason written on the item's status history (catalog.ItemStatusChange.reason).
ACTION_REASONS = {
    Action.TAKE_OFF: "shelf:recataloguing",
    Action.SHELVE: "shelf:shelved",
    Action.BINDING: "shelf:binding",
}
ACTION_STATUS = {
    Action.TAKE_OFF: Status.IN_PROCESSING,
    Action.SHELVE: Status.ON_SHELF,
    Action.BINDING: Status.IN_PROCESSING,
}

# Why an item in a status cannot be taken off, whatever the action.
_BLOCKING = {
    Status.ON_LOAN: Reason.ON_LOAN,
    Status.WITHDRAWN: Reason.WITHDRAWN,
    Status.IN_TRANSIT: Reason.IN_TRANSIT,
    Status.ON_HOLD_SHELF: Reason.ON_HOLD_SHELF,
    Status.LOST: Reason.LOST,
}


def scan_refusal(action: Action, status: str, *, has_call_number: bool) -> Reason | None:
    """Why ``action`` may not change an item in ``status``, or None. A missing item that turns up
    may go either way: back on the shelf, or off it for re-cataloguing or binding."""
    if status in _BLOCKING:
        return _BLOCKING[Status(status)]
    if action is Action.SHELVE:
        if status == Status.ON_SHELF:
            return Reason.ALREADY_ON_SHELF
        if not has_call_number:
            return Reason.NO_CALL_NUMBER
        return None
    if status == Status.IN_PROCESSING:
        return Reason.ALREADY_OFF_SHELF
    return None


def withdrawal_refusal(status: str) -> Reason | None:
    """Why an item in ``status`` may not go into a weeding batch. A lost or missing item may: it is
    written off (注销) by weeding too."""
    if status == Status.ON_LOAN:
        return Reason.ON_LOAN
    if status == Status.WITHDRAWN:
        return Reason.WITHDRAWN
    if status in (Status.IN_TRANSIT, Status.ON_HOLD_SHELF):
        return _BLOCKING[Status(status)]
    return None


# Barcodes and RFID tag ids as readers and handheld terminals write them: letters, digits and a few
# separators. A line may carry more columns after a comma, tab or semicolon (a time, a reader id).
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_.:/]{0,63}$")
COLUMNS = re.compile(r"[,\t;]")
_TAG = re.compile(r"^[0-9A-F]{8,64}$")


def code_of_line(line: str) -> str | None:
    """The code on a line of a handheld reader's file; "" for an empty line, None for a garbled one."""
    text = line.strip().lstrip("\ufeff")
    if not text:
        return ""
    first = COLUMNS.split(text, maxsplit=1)[0].strip().strip('"')
    return first if _CODE.match(first) else None


def printable(text: str) -> str:
    """A garbled line as it can be kept and shown: control characters (NUL, which PostgreSQL's text
    refuses, ESC…) become �."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


def tag_id(raw: str) -> str | None:
    """An RFID tag id as stored: upper-case hexadecimal without separators; None when it is not one."""
    text = re.sub(r"[\s:\-]", "", raw).upper()
    return text if _TAG.match(text) else None


def out_of_order(keys: Sequence[str]) -> list[int]:
    """Positions of the items read out of shelf order, given their sort keys in the order read.

    An item is out of place when its neighbours are in order with each other but it does not fit
    between them; a jump from one shelf run to another (a new day, another bay) is not a misplacement.
    """
    found = []
    last = len(keys) - 1
    for n, key in enumerate(keys):
        if 0 < n < last:
            before, after = keys[n - 1], keys[n + 1]
        elif n == 0 and last >= 2:
            before, after = "", keys[1]  # the first fits when it comes before its neighbour...
            if keys[1] > keys[2]:
                continue  # ...unless that neighbour is itself out of place
        elif n == last and last >= 2:
            before, after = keys[n - 1], "\U0010ffff"
            if keys[n - 2] > keys[n - 1]:
                continue
        else:
            continue
        if before <= after and not before <= key <= after:
            found.append(n)
    return found
