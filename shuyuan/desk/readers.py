"""What the desk holds about a reader: the scans of their desk sessions (for replays and receipts,
two days at most). A building block that opens no transaction, for the reader's lifecycle
(``shuyuan.lifecycle``): merging two records moves the scans to the kept one. Erasing a reader
leaves their scans without a reader (SET_NULL)."""

from datetime import datetime
from typing import Any

from shuyuan.desk.models import DeskScan
from shuyuan.patrons.models import Patron


def move_scans(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> int:
    return DeskScan.objects.filter(patron=remove).update(patron=keep)
